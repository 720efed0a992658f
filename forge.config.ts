// Electron Forge 7 (Forge 8 needs Node 22). Forge loads this file with jiti, so TS is fine.
import { spawnSync } from 'node:child_process';
import { MakerDeb } from '@electron-forge/maker-deb';
import { MakerRpm } from '@electron-forge/maker-rpm';
import { MakerSquirrel } from '@electron-forge/maker-squirrel';
import { MakerZIP } from '@electron-forge/maker-zip';
import { FusesPlugin } from '@electron-forge/plugin-fuses';
import type { ForgeConfig } from '@electron-forge/shared-types';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { LINK_SCHEME } from './electron/open-link';

/**
 * What goes into app.asar: an allowlist, so a new dev folder can never leak into a release.
 * The bundles and built renderer (dist/), package.json, and production node_modules (packager
 * prunes devDependencies). runbooks/ ships via extraResource instead, outside the asar.
 */
const shipped = /^\/(package\.json$|dist(\/|$)|node_modules(\/|$))/;
export const ignore = (file: string): boolean => file !== '' && !shipped.test(file);

function build(): void {
  // scripts/build.mjs: renderer (vite) → dist/renderer, main → dist/electron/main.mjs,
  // preload → dist/electron/preload.cjs. `start` and `package` both run generateAssets.
  const r = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`scripts/build.mjs failed (exit ${r.status ?? r.signal})`);
}

/**
 * The Linux packages' .desktop entry: `MimeType=x-scheme-handler/drillbook` makes the desktop hand
 * drillbook:// links to the app (as `drillbook %U`), which setAsDefaultProtocolClient alone does
 * not do for an installed package.
 */
export const linux = {
  name: 'drillbook',
  productName: 'Drillbook',
  categories: ['Utility' as const],
  mimeType: [`x-scheme-handler/${LINK_SCHEME}`],
};

const config: ForgeConfig = {
  packagerConfig: {
    name: 'Drillbook',
    executableName: 'drillbook',
    asar: true,
    extraResource: ['runbooks'],
    ignore,
    // macOS: the scheme in Info.plist (CFBundleURLTypes).
    protocols: [{ name: 'Drillbook link', schemes: [LINK_SCHEME] }],
  },
  rebuildConfig: {},
  hooks: { generateAssets: async () => build() },
  makers: [
    new MakerSquirrel({ name: 'drillbook' }),
    new MakerZIP({}),
    new MakerDeb({ options: { ...linux } }),
    new MakerRpm({ options: { ...linux } }),
  ],
  plugins: [
    // Fuses are flipped in the binary at package time; they cannot be turned back at runtime.
    new FusesPlugin({
      version: FuseVersion.V1,
      [FuseV1Options.RunAsNode]: false, // ELECTRON_RUN_AS_NODE would make us a generic node.exe
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false, // no NODE_OPTIONS=--require
      [FuseV1Options.EnableNodeCliInspectArguments]: false, // no --inspect debugger attach
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      // We serve the UI on app:// (electron/app-protocol.ts), never file://.
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    }),
  ],
};

export default config;
