// The Electron smoke test has its own config (the main one drives browser mode in Chromium):
//   npx playwright test -c test/e2e-electron      (needs an Electron binary and a display)
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  timeout: 120_000,
  workers: 1,
  reporter: [['list']],
});
