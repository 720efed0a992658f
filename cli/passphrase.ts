// The signing passphrase: DRILLBOOK_PASSPHRASE for unattended runs, else asked at the terminal
// without echo. It is never printed, logged or passed on the command line.
import { engineSecret } from '../core/engine-secrets';

export interface PassphraseSource {
  env?: NodeJS.ProcessEnv;
  stdin?: NodeJS.ReadStream;
  stderr?: NodeJS.WriteStream;
}

function ask(prompt: string, stdin: NodeJS.ReadStream, stderr: NodeJS.WriteStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let value = '';
    stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003' || ch === '\u0004') return done(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/** The passphrase, asked twice when `confirm` (a new identity); throws when none can be had. */
export async function getPassphrase(what: string, confirm = false, src: PassphraseSource = {}): Promise<string> {
  const fromEnv = src.env ? src.env.DRILLBOOK_PASSPHRASE : engineSecret('DRILLBOOK_PASSPHRASE');
  if (fromEnv) return fromEnv;
  const stdin = src.stdin ?? process.stdin;
  const stderr = src.stderr ?? process.stderr;
  if (!stdin.isTTY) throw new Error(`no passphrase for ${what}: set DRILLBOOK_PASSPHRASE or run in a terminal`);
  const first = await ask(`Passphrase for ${what}: `, stdin, stderr);
  if (!first) throw new Error('an empty passphrase is not allowed');
  if (confirm && (await ask('Repeat the passphrase: ', stdin, stderr)) !== first) throw new Error('the passphrases do not match');
  return first;
}
