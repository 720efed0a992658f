// Descriptions on paper: markdown keeps its shape, raw HTML is shown as text, links show where they go.
import { describe, expect, it } from 'vitest';
import { markdownHtml } from '../../../core/print/markdown-print';

describe('markdown for the paper checklist', () => {
  it('keeps emphasis, code, lists and checklists', () => {
    const html = markdownHtml('**Done:** `pg_isready` says *accepting*.\n\n- [ ] check one\n- [x] check two\n\n1. first\n2. second');
    expect(html).toContain('<p><strong>Done:</strong> <code>pg_isready</code> says <em>accepting</em>.</p>');
    expect(html).toContain(
      '<ul><li class="task"><span class="box-sm">☐</span> check one</li><li class="task"><span class="box-sm">☒</span> check two</li></ul>',
    );
    expect(html).toContain('<ol><li>first</li><li>second</li></ol>');
  });

  it('shows raw HTML as text and never as markup', () => {
    const html = markdownHtml('Before <img src=x onerror=alert(1)> after\n\n<script>alert(2)</script>\n\n<div onclick="x()">block</div>');
    expect(html).not.toMatch(/<(img|script|div)\b/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
  });

  it('writes a link address beside its text, and a table as rows', () => {
    expect(markdownHtml('See [the wiki](https://wiki.example/dr?a=1&b=2).')).toBe(
      '<p>See the wiki (https://wiki.example/dr?a=1&amp;b=2).</p>',
    );
    expect(markdownHtml('| a | b |\n| - | - |\n| 1 | 2 |')).toBe(
      '<table class="md"><tr><td>a</td><td>b</td></tr><tr><td>1</td><td>2</td></tr></table>',
    );
  });
});
