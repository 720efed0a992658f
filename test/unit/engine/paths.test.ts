import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledRunbooksDir, packageDir, resolveDataDir, runbookDirs } from '../../../core/paths';

describe('paths', () => {
  it('DRILLBOOK_HOME wins, else the platform app-data folder (same as Electron userData)', () => {
    expect(resolveDataDir({ DRILLBOOK_HOME: 'rel/dir' }, 'linux', '/home/j')).toBe(path.resolve('rel/dir'));
    expect(resolveDataDir({}, 'linux', '/home/j')).toBe('/home/j/.config/Drillbook');
    expect(resolveDataDir({ XDG_CONFIG_HOME: '/x/cfg' }, 'linux', '/home/j')).toBe('/x/cfg/Drillbook');
    expect(resolveDataDir({ XDG_CONFIG_HOME: 'relative' }, 'linux', '/home/j')).toBe('/home/j/.config/Drillbook');
    expect(resolveDataDir({}, 'darwin', '/Users/j')).toBe('/Users/j/Library/Application Support/Drillbook');
    expect(resolveDataDir({ APPDATA: '/c/AppData/Roaming' }, 'win32', '/c')).toBe(path.join('/c/AppData/Roaming', 'Drillbook'));
  });

  it('finds the package folder and its runbooks/, plus DRILLBOOK_RUNBOOKS', () => {
    const root = path.resolve(import.meta.dirname, '../../..');
    expect(packageDir()).toBe(root);
    expect(existsSync(path.join(packageDir(), 'package.json'))).toBe(true);
    expect(bundledRunbooksDir()).toBe(path.join(root, 'runbooks'));
    expect(runbookDirs({ DRILLBOOK_RUNBOOKS: `/a${path.delimiter}${path.delimiter}/b` })).toEqual([
      path.join(root, 'runbooks'),
      '/a',
      '/b',
    ]);
  });
});
