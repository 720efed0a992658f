// The printable HTML itself: cumulative deadlines, the footer template, and that text from the
// runbook is escaped (a step title cannot put markup or a script into the page).
import { describe, expect, it } from 'vitest';
import { checklistHtml, checklistTemplates, deadlineText } from '../../../core/print/checklist-html';
import { parseRunbook } from '../../../core/runbook/parse';

const SOURCE = `---
id: esc-test
title: Escapes <b>here</b>
version: 0.1.0
params:
  who: { required: true }
---

# First {budget=15m}

- [ ] Say hello to the "commander"

# Second {budget=45m}

## Run it {id=run-it}

Never paste <script>alert(1)</script> into the shell.

\`\`\`bash {host=local}
echo "{{who}}" > /tmp/x && cat /tmp/x
\`\`\`
`;

function runbook() {
  const r = parseRunbook(SOURCE, 'esc.md');
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.line}:${e.column}: ${e.message}`).join('\n'));
  return r.runbook;
}

const SHA = 'ab'.repeat(32);

describe('paper checklist HTML', () => {
  it('deadlines add the budgets up from T0', () => {
    const html = checklistHtml({ runbook: runbook(), sha256: SHA });
    expect(html).toContain('T0 + 15m = ________');
    expect(html).toContain('T0 + 1h = ________');
    expect(deadlineText(undefined)).toMatch(/^no deadline/);
  });

  it('escapes runbook text and has no script or external reference', () => {
    const html = checklistHtml({ runbook: runbook(), sha256: SHA });
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('Never paste &lt;script&gt;alert(1)&lt;/script&gt; into the shell.');
    expect(html).toContain('Say hello to the &quot;commander&quot;');
    expect(html).toContain('<h1>Escapes &lt;b&gt;here&lt;/b&gt;</h1>');
    expect(html).toContain('echo &quot;{{who}}&quot; &gt; /tmp/x &amp;&amp; cat /tmp/x');
    expect(html).not.toMatch(/\b(src|href)=/i);
  });

  it('the command step gets one value line per parameter it uses', () => {
    const html = checklistHtml({ runbook: runbook(), sha256: SHA });
    const step = html.slice(html.indexOf('Run it'));
    expect(step.match(/<code>\{\{who\}\}<\/code><\/th><td>value used:/g)).toHaveLength(1);
  });

  it('the footer template names id@version and the SHA-256, with page numbers', () => {
    const { footerTemplate } = checklistTemplates({ runbook: runbook(), sha256: SHA });
    expect(footerTemplate).toContain(`esc-test@0.1.0 · SHA-256 ${SHA}`);
    expect(footerTemplate).toContain('<span class="pageNumber"></span>/<span class="totalPages"></span>');
  });
});
