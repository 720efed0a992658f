// previewImport runs the importer in a worker thread with a time budget: the preview is the
// importer's own, a refusal keeps its code and message, the event loop keeps running through a
// long page, and a page over its budget is stopped with a clear refusal (the next import works).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../core/errors';
import { importDocument } from '../../../core/import/import-document';
import { importOffThread, workerImports } from '../../../core/import/import-off-thread';
import { fixturesDir } from './documents';

// A long wiki page: thousands of sections, each with text, a link and a list (seconds of work).
const longPage = (sections: number) =>
  `<html><body><h1>Storage failover</h1><p>RTO: 1 hour</p>${Array.from(
    { length: sections },
    (_, i) =>
      `<h3>Section ${i}</h3><p>Restore <b>volume ${i}</b>, see <a href="x">the runbook</a>.</p><ul><li>check</li><li>verify</li></ul>`,
  ).join('\n')}<h2>Phase 1: Failover (0-30 min)</h2><ol><li>Promote the replica</li></ol></body></html>`;

describe('previewImport off the event loop', () => {
  it('gives the preview the importer gives in-process, and it ran in the worker', async () => {
    const file = path.join(fixturesDir, 'confluence-storage-failover.html');
    const source = readFileSync(file, 'utf8');
    const before = workerImports();
    const options = { id: 'storage', rto: '2h' };
    const off = await importOffThread({ source, fileName: path.basename(file), options });
    expect(off).toEqual(importDocument({ source, fileName: path.basename(file), options }));
    expect(workerImports()).toBe(before + 1);
  });

  it('a refusal keeps its code and message', async () => {
    const input = { source: '# Page\n\n- a\n', fileName: 'page.md', options: { rto: 'soon' } };
    const inProcess = (() => {
      try {
        importDocument(input);
      } catch (e) {
        return e as ApiError;
      }
    })();
    expect(inProcess).toBeInstanceOf(ApiError);
    const off = await importOffThread(input).catch((e: unknown) => e);
    expect(off).toBeInstanceOf(ApiError);
    expect({ code: (off as ApiError).code, message: (off as ApiError).message }).toEqual({
      code: inProcess!.code,
      message: inProcess!.message,
    });
  });

  it('the event loop keeps running while a long page is imported', async () => {
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    const preview = await importOffThread({ source: longPage(3_000), fileName: 'long.html' });
    clearInterval(ticker);
    expect(preview.draft).toContain('# Phase 1: Failover {budget=30m}');
    // The importer on this thread would have blocked every tick until it ended.
    expect(ticks).toBeGreaterThan(5);
  });

  it('stops a page over its budget with a refusal that says so, and the next import works', async () => {
    const err = await importOffThread({ source: longPage(20_000), fileName: 'huge.html' }, 200).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('bad_request');
    expect((err as ApiError).message).toBe(
      'huge.html: took longer than 0.2 s to import, so it was stopped: split the document, or export the page without its attachments',
    );
    const next = await importOffThread({ source: '# Web tier\n\n## Phase 1: Check (0-10 min)\n\n- [ ] Look\n', fileName: 'web.md' });
    expect(next.draft).toContain('# Phase 1: Check {budget=10m}');
  });
});
