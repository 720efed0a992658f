// The audit summary page over runs that ended badly (real run folders, the register's own
// reading): an aborted run's achieved time is the report's claim, never "0s", in the register,
// the controls-free runs table and the trend; a runbook whose only drill was aborted is not
// "never" drilled; the slowest phase says what it counted; the sparkline marks runs that did
// not recover instead of scaling their time as a recovery time.
import { describe, expect, it } from 'vitest';
import { auditSummary } from '../../../core/audit/audit-summary';
import { summaryHtml } from '../../../core/audit/summary-html';
import { endedBadly, ENDED_BADLY_NOW } from '../register/ended-badly-fixture';

/** The page's text, tags dropped, entities kept as written (esc() only touches & < > " '). */
const text = (html: string) => html.replace(/<br>/g, ' | ').replace(/<[^>]+>/g, '');

async function page(): Promise<string> {
  const { p } = await endedBadly();
  const summary = auditSummary(p, {
    from: new Date('2026-11-01T00:00:00.000Z'),
    to: new Date('2026-11-30T23:59:59.999Z'),
    generatedAt: ENDED_BADLY_NOW,
    signer: { name: 'Jane Doe', certSha256: 'c'.repeat(64) },
  });
  return summaryHtml({ summary, seal: 'a'.repeat(64), recordFiles: 0, runs: [] });
}

describe('audit summary of drills that ended badly', () => {
  it('register: the aborted only drill is attempted, not "never"; its time is the claim', async () => {
    const t = text(await page());
    const register = t.slice(t.indexOf('Register at'), t.indexOf('Incidents in the period'));
    expect(register).not.toMatch(/\bnever\b/);
    expect(register).toContain(
      'aborted 2026-11-30 10:00:00 UTC | no drill counts toward the cadence yet (an aborted drill does not count) | no drill has recovered yetABORTEDaborted after 57 ms / 30m (NOT MET)',
    );
    expect(register).not.toMatch(/\b0s\b/);
  });

  it('runs and trends: each run as its claim, the sparkline marks the others, the slowest phase says what it counted', async () => {
    const t = text(await page());
    const trends = t.slice(t.indexOf('Runs and trends'), t.indexOf('What the pack holds'));
    expect(trends).toContain('6m / 10m (met)');
    expect(trends).toContain('not recovered (8m from T0) / 10m (NOT MET)');
    expect(trends).toContain('aborted after 30m / 10m (NOT MET)');
    expect(trends).toContain('29m / 5m LATE (not done)');
    expect(trends).toContain('aborted after 57 ms / 30m (NOT MET)');
    expect(trends).not.toMatch(/\b0s\b/);
    // failover: f1 recovered in 6m of a 10m RTO (the only bar, scaled to the RTO), f2 and f3 did not.
    expect(trends).toMatch(/oldest first: ▅✗✗ /);
    expect(trends).toContain(
      'Slowest phase: Prepare — mean 4m, longest 4m (budget 5m), late in 0 of 1 run(s); counted: phases that ended done in the 1 of 3 ended runs that recovered',
    );
    expect(trends).toContain('Slowest phase: none measured (no ended run recovered with its phases done)');
  });
});
