// A bounded, seeded run of the fuzzer (test/fuzz/runbook-fuzz.ts; `npm run fuzz` for long
// runs): mutated bundled runbooks and hostile inputs never give an internal error or a
// position outside the file, and each parses within the worker's time budget.
import { describe, expect, it } from 'vitest';
import { fuzz } from '../../fuzz/runbook-fuzz';

describe('runbook parser fuzzing', () => {
  it('1500 seeded inputs: no internal error, every position inside the file, none over the budget', async () => {
    const report = await fuzz({ seed: 20_261_123, count: 1500 });
    expect(report.count).toBe(1500);
    expect(Object.keys(report.byKind).length).toBeGreaterThan(10); // every generator ran
    expect(report.internalErrors).toEqual([]);
    expect(report.outsideFile).toEqual([]);
    expect(report.overBudget).toEqual([]);
  }, 120_000);
});
