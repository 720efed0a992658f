// @vitest-environment jsdom
// A T0 in the future is refused by the engine; the start form says so as it is typed.
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { T0Field } from '../../../renderer/features/runbook/T0Field';
import { toLocalInput } from '../../../renderer/features/shared/format';

afterEach(cleanup);

describe('T0 field', () => {
  it('marks a T0 in the future as a problem, in words', () => {
    render(<T0Field value={toLocalInput(new Date(Date.now() + 3 * 3_600_000))} onChange={() => undefined} />);
    expect(screen.getByRole('alert').textContent).toMatch(
      /in the future\. T0 is when the incident was declared, so it is now or earlier\./,
    );
    expect(screen.getByLabelText(/^T0 — incident declared at/).getAttribute('aria-invalid')).toBe('true');
  });

  it('takes a T0 in the past (the incident was declared before Drillbook was opened)', () => {
    render(<T0Field value={toLocalInput(new Date(Date.now() - 45 * 60_000))} onChange={() => undefined} />);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByText(/Deadlines count from T0\./)).toBeTruthy();
    expect(screen.getByLabelText(/^T0 — incident declared at/).getAttribute('aria-invalid')).toBeNull();
  });
});
