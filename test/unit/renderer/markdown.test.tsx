// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { parseMarkdown } from '../../../renderer/features/shared/markdown';
import { Markdown } from '../../../renderer/features/shared/Markdown';

afterEach(cleanup);

describe('markdown renderer', () => {
  it('escapes HTML instead of interpreting it', () => {
    const evil =
      '<script>window.pwned = 1</script>\n\n<img src=x onerror="alert(1)"> and `<b>code</b>`\n\n- <a href="javascript:alert(1)">x</a>';
    const { container } = render(<Markdown source={evil} />);
    expect(container.querySelector('script, img, b, a')).toBeNull();
    expect(container.textContent).toContain('<script>window.pwned = 1</script>');
    expect(container.textContent).toContain('<img src=x onerror="alert(1)">');
    expect(container.querySelector('code')?.textContent).toBe('<b>code</b>');
    expect((window as unknown as { pwned?: number }).pwned).toBeUndefined();
  });

  it('renders paragraphs, lists, inline code and code blocks', () => {
    const { container } = render(
      <Markdown source={'Stop **writes** first.\nThen wait.\n\n- one\n- two with `psql`\n\n1. first\n2. second\n\n```\nls -l\n```'} />,
    );
    expect([...container.querySelectorAll('p')].map((p) => p.textContent)).toEqual(['Stop writes first. Then wait.']);
    expect(container.querySelector('strong')?.textContent).toBe('writes');
    expect(container.querySelectorAll('ul > li')).toHaveLength(2);
    expect(container.querySelectorAll('ol > li')).toHaveLength(2);
    expect(container.querySelector('li code')?.textContent).toBe('psql');
    expect(container.querySelector('pre')?.textContent).toBe('ls -l');
  });

  it('shows links as text with their address, never as live links', () => {
    const { container } = render(<Markdown source="See [the wiki](https://wiki.example/pitr)." />);
    expect(container.querySelector('a')).toBeNull();
    expect(container.textContent).toBe('See the wiki (https://wiki.example/pitr).');
  });

  it('parses list item continuations and task-list boxes', () => {
    expect(parseMarkdown('- [ ] check\n  the logs\n- [x] done')).toEqual([
      { t: 'ul', items: [[{ t: 'text', v: 'check the logs' }], [{ t: 'text', v: 'done' }]] },
    ]);
  });
});
