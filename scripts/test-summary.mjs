// Adds up vitest's and Playwright's JSON reports into the one plain line CI reads.
import { existsSync, readFileSync } from 'node:fs';

const [vitestFile, ...playwrightFiles] = process.argv.slice(2);
let passed = 0,
  failed = 0,
  skipped = 0;

if (vitestFile && existsSync(vitestFile)) {
  const v = JSON.parse(readFileSync(vitestFile, 'utf8'));
  passed += v.numPassedTests;
  failed += v.numFailedTests;
  skipped += v.numPendingTests + (v.numTodoTests ?? 0);
  // A suite that failed to load has no tests but is still a failure.
  failed += (v.testResults ?? []).filter((r) => r.status === 'failed' && r.assertionResults.length === 0).length;
}
for (const file of playwrightFiles.filter((f) => existsSync(f))) {
  const s = JSON.parse(readFileSync(file, 'utf8')).stats ?? {};
  passed += (s.expected ?? 0) + (s.flaky ?? 0);
  failed += s.unexpected ?? 0;
  skipped += s.skipped ?? 0;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
