// Opens the UI for the user. Chromium in --app mode with its own profile under the data dir gives
// a window without tabs or extensions and keeps the stored access token out of the user's main
// browser. The URL carries a one-time code after '#' (host/launch-codes.ts): this command line
// is readable by every local user. Any failure is only reported: the printed URL still works.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface BrowserCommand {
  file: string;
  args: string[];
}

export interface Environment {
  platform: NodeJS.Platform;
  isRoot: boolean;
  hasDisplay: boolean;
  exists(file: string): boolean;
}

const here = (): Environment => ({
  platform: process.platform,
  isRoot: process.getuid?.() === 0,
  hasDisplay: Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY),
  exists: existsSync,
});

/** What to run, or a reason why nothing can be opened. */
export function browserCommand(url: string, dataDir: string, env: Environment = here()): BrowserCommand | string {
  if (env.platform === 'darwin') return { file: 'open', args: [url] };
  // `start` is a cmd builtin; the empty "" is its window title argument.
  if (env.platform === 'win32') return { file: 'cmd', args: ['/c', 'start', '""', url] };
  if (!env.hasDisplay) return 'no graphical display (DISPLAY/WAYLAND_DISPLAY unset)';
  if (env.exists('/usr/bin/chromium')) {
    const args = [
      `--app=${url}`,
      `--user-data-dir=${path.join(dataDir, 'chromium-profile')}`,
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ];
    // Chromium refuses to start as root without it; root is common in containers and VMs.
    if (env.isRoot) args.push('--no-sandbox');
    return { file: '/usr/bin/chromium', args };
  }
  return { file: 'xdg-open', args: [url] };
}

export function openBrowser(url: string, dataDir: string, log: (line: string) => void): void {
  const cmd = browserCommand(url, dataDir);
  const manual = 'open the printed URL in a browser yourself';
  if (typeof cmd === 'string') return log(`drillbook: not opening a browser: ${cmd}; ${manual}.`);
  try {
    const child = spawn(cmd.file, cmd.args, { detached: true, stdio: 'ignore', windowsVerbatimArguments: true });
    child.on('error', (err) => log(`drillbook: could not start ${cmd.file} (${err.message}); ${manual}.`));
    child.on('exit', (code) => {
      if (code) log(`drillbook: ${cmd.file} exited with status ${code}; ${manual}.`);
    });
    child.unref();
  } catch (err) {
    log(`drillbook: could not start ${cmd.file} (${(err as Error).message}); ${manual}.`);
  }
}
