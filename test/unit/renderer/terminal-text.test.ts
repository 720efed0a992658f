// Live output as a terminal shows it: no raw escape codes, a `\r` progress line as its last state.
import { describe, expect, it } from 'vitest';
import { terminalText } from '../../../renderer/features/run/terminal-text';

describe('terminalText', () => {
  it('drops colour, cursor and title escape sequences', () => {
    expect(terminalText('\x1b[31mRED\x1b[0m and \x1b[1;32mbold green\x1b[m')).toBe('RED and bold green');
    expect(terminalText('\x1b[2K\x1b[1Gline')).toBe('line');
    expect(terminalText('\x1b]0;window title\x07after')).toBe('after');
    expect(terminalText('\x1b]8;;https://x\x1b\\link\x1b]8;;\x1b\\')).toBe('link');
  });

  it('shows a line redrawn with \\r as its last state, and keeps \\r\\n line ends as lines', () => {
    expect(terminalText('copying 10%\rcopying 50%\rcopying 100%\ndone\n')).toBe('copying 100%\ndone\n');
    expect(terminalText('a\r\nb\r\n')).toBe('a\nb\n');
    expect(terminalText('progress 42%\r')).toBe('progress 42%');
  });

  it('leaves plain text as it is', () => {
    const text = 'pg_restore: processing item 3\n  tabs\tand unicode ✓\n';
    expect(terminalText(text)).toBe(text);
  });
});
