// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
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

  it('reads list item continuations and task-list boxes as list text', () => {
    const { container } = render(<Markdown source={'- [ ] check\n  the logs\n- [x] done'} />);
    expect([...container.querySelectorAll('ul > li')].map((li) => li.textContent)).toEqual(['check the logs', 'done']);
  });

  it('keeps a code span as written: no emphasis inside it, no stray backticks', () => {
    const { container } = render(
      <Markdown source={'Set `max_age` to the RPO, and ``a `tick` inside`` too; snake_case_words stay plain.'} />,
    );
    expect([...container.querySelectorAll('code')].map((c) => c.textContent)).toEqual(['max_age', 'a `tick` inside']);
    expect(container.querySelector('em')).toBeNull();
    expect(container.textContent).toBe('Set max_age to the RPO, and a `tick` inside too; snake_case_words stay plain.');
  });
});
