// @vitest-environment jsdom
// The editor's small parts: where a finding is underlined, which source lines an import left
// unmapped, which versions Save offers, and the format reference rendering HTML as text.
import { cleanup, fireEvent, render } from '@testing-library/react';
import { Text } from '@codemirror/state';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ImportItem } from '../../../core/api';
import { findingRange } from '../../../renderer/features/editor/CodeEditor';
import { DocMarkdown } from '../../../renderer/features/editor/DocMarkdown';
import { SaveVersionForm } from '../../../renderer/features/editor/SaveVersionForm';
import { lineKinds } from '../../../renderer/features/library/import/SourcePane';
import { guardLeaving, mayLeave } from '../../../renderer/router';

afterEach(cleanup);

describe('findingRange', () => {
  const doc = Text.of(['---', '- [ ] Scope it {estimte=5m role=dba}', '']);
  const at = (line: number, column: number) => {
    const r = findingRange(doc, { line, column });
    return doc.sliceString(r.from, r.to);
  };
  it('underlines the word at the finding, up to a space or brace', () => {
    const column = '- [ ] Scope it {'.length + 1;
    expect(at(2, column)).toBe('estimte=5m');
    expect(at(2, 1)).toBe('-');
  });
  it('stays inside the document for positions past a line or the end, and marks an empty line whole', () => {
    expect(at(2, 500)).toBe('- [ ] Scope it {estimte=5m role=dba}');
    expect(at(99, 1)).toBe('');
    expect(findingRange(doc, { line: 99, column: 1 })).toEqual({ from: doc.length, to: doc.length });
  });
});

describe('lineKinds', () => {
  const item = (kind: ImportItem['kind'], line: number, endLine = line): ImportItem => ({ kind, line, endLine, text: '', note: '' });
  it('marks each line with its item; unmapped wins where items overlap; ranges outside the source are clipped', () => {
    const kinds = lineKinds([item('description', 1, 4), item('unmapped', 3), item('phase', 6), item('step', 9, 40)], 10);
    expect(kinds.slice(1)).toEqual([
      'description',
      'description',
      'unmapped',
      'description',
      undefined,
      'phase',
      undefined,
      undefined,
      'step',
      'step',
    ]);
    expect(kinds).toHaveLength(11);
  });
});

describe('SaveVersionForm', () => {
  it('offers the next patch, minor and major; a version that exists cannot be chosen; saving names the bump', () => {
    const onSave = vi.fn();
    const { getByLabelText, getByRole } = render(
      <SaveVersionForm id="db" baseVersion="2.0.0" existing={new Set(['2.0.0', '2.0.1'])} saving={false} onSave={onSave} />,
    );
    expect((getByLabelText(/^patch → 2\.0\.1/) as HTMLInputElement).disabled).toBe(true);
    expect((getByLabelText(/^minor → 2\.1\.0/) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(getByLabelText(/^major → 3\.0\.0/));
    fireEvent.click(getByRole('button', { name: 'Save as 3.0.0' }));
    expect(onSave).toHaveBeenCalledWith('major');
  });
  it('does not save while blocked, and says why', () => {
    const onSave = vi.fn();
    const { getByRole, getByText } = render(
      <SaveVersionForm
        id="db"
        baseVersion="1.0.0"
        existing={new Set(['1.0.0'])}
        blocked="Fix the 2 lint errors first."
        saving={false}
        onSave={onSave}
      />,
    );
    expect((getByRole('button', { name: /^Save as/ }) as HTMLButtonElement).disabled).toBe(true);
    expect(getByText(/Fix the 2 lint errors first\./)).toBeTruthy();
    fireEvent.submit(getByRole('form'));
    expect(onSave).not.toHaveBeenCalled();
  });
});

describe('DocMarkdown', () => {
  it('renders headings, tables and code, and raw HTML only as text', () => {
    const { container } = render(
      <DocMarkdown
        source={
          '## Step attributes\n\n| a | b |\n| --- | --- |\n| `id` | x |\n\n<script>window.pwned = 1</script>\n\n```yaml\nid: x\n```\n'
        }
      />,
    );
    expect(container.querySelector('h3#ref-step-attributes')?.textContent).toBe('Step attributes');
    expect([...container.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['id', 'x']);
    expect(container.querySelector('script')).toBeNull();
    expect(container.textContent).toContain('<script>window.pwned = 1</script>');
    expect([...container.querySelectorAll('pre')].map((p) => p.textContent)).toEqual(['<script>window.pwned = 1</script>', 'id: x']);
  });
});

describe('DocMarkdown links', () => {
  it('a link to a heading of the document scrolls there; any other link is text with its address', () => {
    const { container, getByRole } = render(
      <DocMarkdown
        source={'See [the rules](#parameters-in-bashsh-blocks) and [semver](https://semver.org).\n\n## Parameters in bash/sh blocks\n'}
      />,
    );
    const target = container.querySelector('#ref-parameters-in-bashsh-blocks') as HTMLElement;
    expect(target?.textContent).toBe('Parameters in bash/sh blocks');
    const scrolled = vi.fn();
    target.scrollIntoView = scrolled;
    fireEvent.click(getByRole('button', { name: 'the rules' }));
    expect(scrolled).toHaveBeenCalledTimes(1);
    expect(container.querySelector('a')).toBeNull();
    expect(container.textContent).toContain('semver (https://semver.org)');
  });
});

describe('leaving with unsaved work', () => {
  it('asks once while any part has unsaved work, and not at all once none has', () => {
    const confirm = vi.spyOn(window, 'confirm').mockReturnValue(false);
    let editorDirty = true;
    const removeEditor = guardLeaving(() => editorDirty);
    const removeImport = guardLeaving(() => true);
    expect(mayLeave()).toBe(false);
    expect(confirm).toHaveBeenCalledTimes(1);
    confirm.mockReturnValue(true);
    expect(mayLeave()).toBe(true);
    removeImport();
    editorDirty = false;
    confirm.mockClear();
    expect(mayLeave()).toBe(true);
    expect(confirm).not.toHaveBeenCalled();
    removeEditor();
    confirm.mockRestore();
  });
});
