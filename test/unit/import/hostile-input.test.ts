// Hostile and broken documents: a clear error naming the file, or a safe draft; never a crash,
// and nothing from a <script> (or any other active content) in the draft.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../core/errors';
import { importDocument } from '../../../core/import/import-document';
import { parseRunbook } from '../../../core/runbook/parse';

const refusal = (source: string | Buffer, fileName = 'doc.md') => {
  try {
    importDocument({ source, fileName });
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('bad_request');
    return (err as Error).message;
  }
  throw new Error(`${fileName} was imported, but should have been refused`);
};

describe('hostile input', () => {
  it('empty and blank documents are refused', () => {
    expect(refusal('')).toBe('doc.md is empty: there is nothing to import');
    expect(refusal(Buffer.from(' \n\t\n'), 'page.html')).toBe('page.html is empty: there is nothing to import');
  });

  it('binary files are refused: invalid UTF-8, or NUL bytes', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0xff, 0xd8]);
    expect(refusal(png, 'diagram.png')).toBe('diagram.png is not UTF-8 text (a binary file?): export the page as markdown or HTML');
    expect(refusal(Buffer.from('# Title\n\0\0\0'))).toBe('doc.md contains NUL bytes, so it is not a text document (a binary file?)');
  });

  it('10 MB is refused before parsing, markdown and HTML alike', () => {
    const big = Buffer.alloc(10 * 1024 * 1024, 'a');
    expect(refusal(big)).toBe('doc.md is 10.00 MB; markdown documents up to 1 MB can be imported: split it');
    expect(refusal(big, 'export.html')).toBe('export.html is 10.00 MB; html documents up to 4 MB can be imported: split it');
  });

  it('deeply nested lists and quotes are refused at the line where they get too deep', () => {
    const lists = Array.from({ length: 150 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n');
    expect(refusal(lists)).toMatch(
      /^doc\.md:101: nested too deeply \(202 columns of indentation and list or quote markers; at most 200\): flatten the list$/,
    );
    expect(refusal(`# P\n\n${'>'.repeat(300)} deep`)).toMatch(/^doc\.md:3: nested too deeply/);
    const html = `<h2>P (0-30 min)</h2>${'<ul><li>x'.repeat(150)}${'</li></ul>'.repeat(150)}`;
    expect(refusal(html, 'deep.html')).toBe('deep.html:1: elements are nested more than 200 levels deep; a wiki page is not: flatten it');
    // Deeper than the HTML parser itself can recurse: still a clear refusal.
    expect(refusal(`${'<div>'.repeat(20_000)}x`, 'deeper.html')).toBe(
      'deeper.html: elements are nested too deeply to read; a wiki page is not: flatten it',
    );
  });

  it('lists nested within the limits give a draft that parses', () => {
    const nested = Array.from({ length: 40 }, (_, i) => `${'   '.repeat(i)}1. level ${i}`).join('\n');
    const r = importDocument({ source: `# Phase 1 (0-1h)\n\n${nested}\n`, fileName: 'n.md' });
    expect(parseRunbook(r.draft, 'n.md').ok).toBe(true);
    expect(r.report.lint.filter((l) => l.severity === 'error')).toEqual([]);
  });

  it('HTML with scripts everywhere: nothing of them is kept, each is listed', () => {
    const html = `<html><head><script>steal()</script></head><body onload="steal()">
<h2>Phase 1 (0-30 min)</h2>
<ol><li onmouseover="steal()">Check <a href="javascript:steal()">the thing</a></li>
<li>Run it<script>steal()</script><iframe src="https://evil.example"></iframe></li></ol>
<p><img src=x onerror="steal()"><object data="x.swf"></object></p>
</body></html>`;
    const r = importDocument({ source: html, fileName: 'x.html' });
    expect(r.draft).not.toMatch(/steal|evil|<script|iframe|object|onerror|javascript:/i);
    expect(r.report.items.filter((i) => i.kind === 'unmapped').map((i) => `${i.line}: ${i.note}`)).toEqual([
      '1: <script> is not imported (never run or kept)',
      '1: event handler on <body>: removed, never run',
      '3: event handler on <li>: removed, never run',
      '3: link to "javascript:steal()" removed (only http, https, mailto and relative links are kept); its text stays',
      '4: <script> is not imported (never run or kept)',
      '4: <iframe> is not imported (never run or kept)',
      '5: event handler on <img>: removed, never run',
      '5: <object> is not imported (never run or kept)',
      '5: image: not imported',
    ]);
    const parsed = parseRunbook(r.draft, 'x.md');
    expect(parsed.ok && parsed.runbook.phases[0]!.steps.map((s) => s.title)).toEqual(['Check the thing', 'Run it']);
  });

  it('raw HTML in markdown is never kept, a script least of all', () => {
    const r = importDocument({
      source: '# Phase 1 (0-5m)\n\n1. Do it <span onclick="x()">now</span>\n\n<script>alert(1)</script>\n',
      fileName: 'm.md',
    });
    expect(r.draft).not.toMatch(/script|alert|onclick|span/);
    expect(r.report.items.filter((i) => i.kind === 'unmapped').map((i) => i.line)).toEqual([3, 3, 5]);
  });

  it('a document with nothing step-like is still a draft: one phase with its text, and lint says it has no steps', () => {
    const r = importDocument({ source: 'Only prose about the backup policy.\n', fileName: 'prose.md' });
    expect(r.report.lint).toEqual([{ line: 7, column: 1, message: 'phase "Procedure" has no steps', severity: 'warning' }]);
    const parsed = parseRunbook(r.draft, 'prose.md');
    expect(parsed.ok && parsed.runbook.phases[0]!.description).toBe('Only prose about the backup policy.');
  });

  it('bad options are refused with what was expected', () => {
    const opt = (options: object) => {
      try {
        importDocument({ source: '1. a', fileName: 'a.md', options });
      } catch (err) {
        return (err as Error).message;
      }
    };
    expect(opt({ id: 'Not An Id' })).toBe('id "Not An Id": expected a-z, 0-9 and "-"');
    expect(opt({ version: '1.0' })).toBe('version "1.0": expected a semantic version like 1.0.0');
    expect(opt({ rto: 'four hours' })).toBe('rto "four hours": expected a duration like 30m, 4h or 1h30m');
    expect(opt({ hostRole: 'local' })).toBe('host role "local": expected letters, digits, "-" and "_" (and not "local")');
  });
});
