import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { FusesPlugin } from '@electron-forge/plugin-fuses';
import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import path from 'node:path';
import config, { ignore, linux } from '../../../forge.config';
import { LINK_SCHEME } from '../../../electron/open-link';

const require = createRequire(import.meta.url);

describe('forge.config.ts', () => {
  it('flips the hardening fuses', () => {
    const fuses = config.plugins?.find((p): p is FusesPlugin => p instanceof FusesPlugin)?.fusesConfig;
    expect(fuses?.version).toBe(FuseVersion.V1);
    expect(fuses?.[FuseV1Options.RunAsNode]).toBe(false);
    expect(fuses?.[FuseV1Options.EnableCookieEncryption]).toBe(true);
    expect(fuses?.[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(fuses?.[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(fuses?.[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(fuses?.[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(fuses?.[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(false);
  });

  it('packages an asar named Drillbook with the runbooks beside it', () => {
    expect(config.packagerConfig).toMatchObject({ name: 'Drillbook', asar: true, extraResource: ['runbooks'] });
    expect(config.makers?.map((m) => (m as { name: string }).name).sort()).toEqual(['deb', 'rpm', 'squirrel', 'zip']);
    expect(typeof config.hooks?.generateAssets).toBe('function');
  });

  it('ships only package.json, dist and node_modules', () => {
    for (const f of ['', '/package.json', '/dist', '/dist/electron/main.mjs', '/node_modules', '/node_modules/zod/index.js'])
      expect(ignore(f), f).toBe(false);
    for (const f of [
      '/core',
      '/core/api.ts',
      '/test',
      '/docs',
      '/runbooks',
      '/.git',
      '/out',
      '/distro',
      '/package-lock.json',
      '/forge.config.ts',
    ])
      expect(ignore(f), f).toBe(true);
  });
});

describe('drillbook:// links in the packaged app', () => {
  it('the Linux packages declare the scheme in the .desktop entry the installer writes', async () => {
    const { generateTemplate } = require('electron-installer-common/src/template') as {
      generateTemplate(file: string, data: object): Promise<string>;
    };
    const template = path.join(path.dirname(require.resolve('electron-installer-debian/package.json')), 'resources', 'desktop.ejs');
    const desktop = await generateTemplate(template, { description: '', genericName: '', ...linux });
    expect(desktop).toContain(`MimeType=x-scheme-handler/${LINK_SCHEME};\n`);
    expect(desktop).toContain('Exec=drillbook %U\n');
    const makers = config.makers as unknown as { name: string; configOrConfigFetcher: { options: unknown } }[];
    for (const m of makers.filter((x) => x.name === 'deb' || x.name === 'rpm')) expect(m.configOrConfigFetcher.options).toEqual(linux);
  });

  it('macOS gets the scheme in its Info.plist', () => {
    expect(config.packagerConfig?.protocols).toEqual([{ name: 'Drillbook link', schemes: [LINK_SCHEME] }]);
  });
});
