// Which browser command `drillbook serve` would run, for each kind of machine.
import { describe, expect, it } from 'vitest';
import { browserCommand, type Environment } from '../../../cli/open-browser';

const linux = (over: Partial<Environment> = {}): Environment => ({
  platform: 'linux',
  isRoot: false,
  hasDisplay: true,
  exists: (f) => f === '/usr/bin/chromium',
  ...over,
});
const url = 'http://127.0.0.1:4000/#launch=abc';

describe('browserCommand', () => {
  it('prefers Chromium in app mode with its own profile under the data dir', () => {
    expect(browserCommand(url, '/data', linux())).toEqual({
      file: '/usr/bin/chromium',
      args: [
        `--app=${url}`,
        '--user-data-dir=/data/chromium-profile',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  it('adds --no-sandbox only as root', () => {
    const cmd = browserCommand(url, '/data', linux({ isRoot: true }));
    expect(typeof cmd !== 'string' && cmd.args).toContain('--no-sandbox');
  });

  it('falls back to xdg-open, open, start', () => {
    expect(browserCommand(url, '/d', linux({ exists: () => false }))).toEqual({ file: 'xdg-open', args: [url] });
    expect(browserCommand(url, '/d', linux({ platform: 'darwin' }))).toEqual({ file: 'open', args: [url] });
    expect(browserCommand(url, '/d', linux({ platform: 'win32' }))).toMatchObject({
      file: 'cmd',
      args: ['/c', 'start', '""', url],
    });
  });

  it('explains instead of launching when there is no display', () => {
    expect(browserCommand(url, '/d', linux({ hasDisplay: false }))).toMatch(/no graphical display/);
  });
});
