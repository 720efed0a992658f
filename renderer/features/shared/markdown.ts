// A deliberately tiny markdown reader for step descriptions: paragraphs, lists, code blocks and
// a few inline marks. It produces data, never HTML strings, so React escapes every character and
// a runbook cannot inject markup into the commander's screen.
export type Inline = { t: 'text' | 'code' | 'strong' | 'em'; v: string } | { t: 'link'; v: string; href: string };
export type Block =
  { t: 'p'; inline: Inline[] } | { t: 'h'; inline: Inline[] } | { t: 'ul' | 'ol'; items: Inline[][] } | { t: 'pre'; v: string };

const listItem = /^\s{0,3}([-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?(.*)$/;
const fence = /^\s{0,3}(```|~~~)/;

export function parseInline(s: string): Inline[] {
  const out: Inline[] = [];
  const re = /`([^`]+)`|\*\*([^*]+)\*\*|__([^_]+)__|\*([^*\s][^*]*)\*|_([^_\s][^_]*)_|\[([^\]]+)\]\(([^)\s]+)\)/g;
  let last = 0;
  for (const m of s.matchAll(re)) {
    if (m.index > last) out.push({ t: 'text', v: s.slice(last, m.index) });
    if (m[1] !== undefined) out.push({ t: 'code', v: m[1] });
    else if (m[2] !== undefined || m[3] !== undefined) out.push({ t: 'strong', v: (m[2] ?? m[3])! });
    else if (m[4] !== undefined || m[5] !== undefined) out.push({ t: 'em', v: (m[4] ?? m[5])! });
    else out.push({ t: 'link', v: m[6]!, href: m[7]! });
    last = m.index + m[0].length;
  }
  if (last < s.length) out.push({ t: 'text', v: s.slice(last) });
  return out;
}

export function parseMarkdown(src: string): Block[] {
  const lines = src.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let para: string[] = [];
  let list: { t: 'ul' | 'ol'; items: string[] } | undefined;
  const flush = () => {
    if (para.length) blocks.push({ t: 'p', inline: parseInline(para.join(' ')) });
    if (list) blocks.push({ t: list.t, items: list.items.map(parseInline) });
    para = [];
    list = undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const f = fence.exec(line);
    if (f) {
      flush();
      const body: string[] = [];
      while (++i < lines.length && !lines[i]!.trimStart().startsWith(f[1]!)) body.push(lines[i]!);
      blocks.push({ t: 'pre', v: body.join('\n') });
      continue;
    }
    if (!line.trim()) {
      flush();
      continue;
    }
    const h = /^\s{0,3}#{1,6}\s+(.*)$/.exec(line);
    const li = listItem.exec(line);
    if (h) {
      flush();
      blocks.push({ t: 'h', inline: parseInline(h[1]!) });
    } else if (li) {
      const t = /\d/.test(li[1]!) ? 'ol' : 'ul';
      if (para.length || (list && list.t !== t)) flush();
      list ??= { t, items: [] };
      list.items.push(li[2]!);
    } else if (list && /^\s+\S/.test(line)) {
      list.items[list.items.length - 1] += ' ' + line.trim();
    } else {
      if (list) flush();
      para.push(line.trim());
    }
  }
  flush();
  return blocks;
}
