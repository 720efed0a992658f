// The floor for bench/cli-fanout: the least a Node process using ssh2 can do for the same job.
// Start, connect to every host (host key checked against known_hosts), authenticate with the
// key, exec `true`, wait for its exit status, exit. No runbook, journal, evidence or CLI.
// Run: node bench/ssh2-floor.mjs <known_hosts> <key> <user> <port> [<port> ...]   (all on 127.0.0.1)
import { readFileSync } from 'node:fs';
import ssh2 from 'ssh2';

const [knownHosts, keyFile, username, ...ports] = process.argv.slice(2);
const key = readFileSync(keyFile);
const known = new Map(
  readFileSync(knownHosts, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [where, , b64] = line.split(' ');
      return [where, Buffer.from(b64, 'base64')];
    }),
);
let left = ports.length;
const fail = (msg) => {
  console.error(msg);
  process.exit(2);
};
for (const port of ports) {
  const expected = known.get(`[127.0.0.1]:${port}`);
  if (!expected) fail(`no known host key for port ${port}`);
  const c = new ssh2.Client();
  c.on('error', (e) => fail(`port ${port}: ${e.message}`));
  c.on('ready', () =>
    c.exec('true', (err, ch) => {
      if (err) fail(`port ${port}: ${err.message}`);
      ch.stderr.resume();
      ch.resume().on('exit', (code) => {
        if (code !== 0) fail(`port ${port}: exit ${code}`);
        c.end();
        if (--left === 0) process.exit(0);
      });
    }),
  );
  c.connect({ host: '127.0.0.1', port: Number(port), username, privateKey: key, hostVerifier: (k) => expected.equals(k) });
}
