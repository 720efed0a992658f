// CodeMirror 6 for runbook markdown, with lint findings shown where they are (underline, gutter
// marker, message on hover). The editor lives in a shadow root: CodeMirror then styles itself
// through constructed stylesheets, which the app's CSP (no inline <style>) allows.
import { useEffect, useRef } from 'react';
import { basicSetup } from 'codemirror';
import { markdown } from '@codemirror/lang-markdown';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorState, type Text } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { editorTheme } from './editor-theme';

export interface Finding {
  line: number;
  column: number;
  message: string;
  severity: 'error' | 'warning';
}

interface Props {
  /** The text when the editor is created; later changes come from the user. */
  initial: string;
  onChange(text: string): void;
  findings: Finding[];
  /** Accessible name of the text box. */
  label: string;
}

/** The finding's range: from its column to the end of the word there (at least one character). */
export function findingRange(doc: Text, f: Pick<Finding, 'line' | 'column'>): { from: number; to: number } {
  const line = doc.line(Math.min(Math.max(f.line, 1), doc.lines));
  const from = Math.min(line.from + Math.max(f.column, 1) - 1, line.to);
  const rest = line.text.slice(from - line.from);
  const word = /^[^\s{}]+/.exec(rest)?.[0].length ?? 0;
  const to = word > 0 ? from + word : Math.min(from + 1, line.to);
  return to > from ? { from, to } : { from: line.from, to: line.to };
}

/** Keep the file's own line ending when it has one kind (CodeMirror would write LF). */
const lineSeparator = (text: string) => (text.includes('\r\n') && !/[^\r]\n|^\n/.test(text) ? '\r\n' : undefined);

export function CodeEditor({ initial, onChange, findings, label }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView>(undefined);
  const changed = useRef(onChange);
  useEffect(() => {
    changed.current = onChange;
  }, [onChange]);

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const root = el.shadowRoot ?? el.attachShadow({ mode: 'open' });
    const parent = document.createElement('div');
    root.replaceChildren(parent);
    const sep = lineSeparator(initial);
    const v = new EditorView({
      root,
      parent,
      state: EditorState.create({
        doc: initial,
        extensions: [
          basicSetup,
          markdown(),
          lintGutter(),
          EditorView.lineWrapping,
          editorTheme,
          EditorView.contentAttributes.of({ 'aria-label': label }),
          ...(sep ? [EditorState.lineSeparator.of(sep)] : []),
          EditorView.updateListener.of((u) => u.docChanged && changed.current(u.state.doc.toString())),
        ],
      }),
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = undefined;
    };
    // One editor per mount: a new `initial` (another version) remounts through a new key.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const v = view.current;
    if (!v) return;
    const diagnostics: Diagnostic[] = findings.map((f) => ({ ...findingRange(v.state.doc, f), severity: f.severity, message: f.message }));
    v.dispatch(setDiagnostics(v.state, diagnostics));
  }, [findings]);

  return <div ref={host} className="code-editor" />;
}
