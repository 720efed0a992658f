// @vitest-environment jsdom
// The runbook page and checklist show the timeout a step's attempts really get: the code
// block's, else the step's `timeout` attribute, else the 1 hour default (as the step runner uses).
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { parseRunbook } from '../../../core/runbook/parse';
import { StepBody } from '../../../renderer/features/runbook/StepBody';

afterEach(cleanup);

const source = `---
id: t
title: T
version: 1.0.0
---

# Go {budget=1h}

## Block timeout {id=block timeout=30m}

\`\`\`bash {host=local timeout=5m}
true
\`\`\`

## Step timeout {id=step timeout=2h}

\`\`\`bash {host=local}
true
\`\`\`

## Default {id=default}

\`\`\`bash {host=local}
true
\`\`\`

## Check {id=check timeout=10m}

\`\`\`s3-check
bucket: b
prefix: p/
\`\`\`
`;

describe('step timeout shown', () => {
  it("is the block's, else the step's, else 1 hour", () => {
    const parsed = parseRunbook(source, 't.md');
    if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
    const caption = (id: string) => {
      const step = parsed.runbook.phases[0]!.steps.find((s) => s.id === id)!;
      const { container } = render(<StepBody step={step} />);
      const text = container.querySelector('figcaption')?.textContent ?? '';
      cleanup();
      return text.match(/timeout (\S+)/)?.[1];
    };
    expect(caption('block')).toBe('5m');
    expect(caption('step')).toBe('2h');
    expect(caption('default')).toBe('1h');
    expect(caption('check')).toBe('10m');
  });
});
