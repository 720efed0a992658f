// The report preview is an <iframe sandbox="" srcdoc>, which inherits the app's CSP: the one
// inline stylesheet of the report must be admitted by its hash, in the header policy and in the
// renderer's meta policy alike (both apply), and nothing else inline may be.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSP, REPORT_STYLE_HASH } from '../../../core/csp';
import { REPORT_CSS } from '../../../core/report/report-css';
import { setup } from '../engine/fixtures';

const root = path.resolve(import.meta.dirname, '../../..');
const directive = (policy: string, name: string) =>
  policy
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.startsWith(`${name} `)) ?? '';

describe('CSP for the report preview', () => {
  const hash = `'sha256-${createHash('sha256').update(REPORT_CSS, 'utf8').digest('base64')}'`;

  it('the header policy admits exactly the report stylesheet inline, and no inline script', () => {
    expect(REPORT_STYLE_HASH).toBe(hash);
    expect(directive(CSP, 'style-src')).toBe(`style-src 'self' ${hash}`);
    expect(directive(CSP, 'script-src')).toBe("script-src 'self'");
    expect(CSP).not.toContain('unsafe-inline');
  });

  it("renderer/index.html's meta policy carries the same hash (update it when REPORT_CSS changes)", () => {
    const html = readFileSync(path.join(root, 'renderer', 'index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(directive(meta, 'style-src'), `style-src in renderer/index.html should be: style-src 'self' ${hash}`).toBe(
      `style-src 'self' ${hash}`,
    );
    expect(meta).not.toContain('unsafe-inline');
  });

  it('the report HTML holds exactly that stylesheet and no style attribute', async () => {
    const s = await setup();
    const { state } = await s.engine.startRun({
      id: 'db-restore',
      version: '1.0.0',
      mode: 'drill',
      actor: 'jane',
      params: { target_time: '2026-11-23 09:00 <UTC>' },
    });
    await s.engine.completeStep({ runId: state.runId, stepId: 'declare', actor: 'jane', note: 'style="x" <style>p{}</style>' });
    const { html } = await s.engine.previewReport({ runId: state.runId, timeZone: 'UTC' });
    await s.engine.close();
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
    expect(styles).toEqual([REPORT_CSS]);
    expect(html).not.toMatch(/\sstyle="/);
  });
});
