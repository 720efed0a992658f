// The editor's look from the app's own colours (CSS variables reach into the shadow root). The
// syntax colours are the app's too: CodeMirror's fallback style is made for a light background
// and some of its colours (#219, #a11) are unreadable on the dark theme.
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { EditorView } from '@codemirror/view';
import { tags as t } from '@lezer/highlight';

const highlight = HighlightStyle.define([
  { tag: t.heading, fontWeight: '700', color: 'var(--text)' },
  { tag: [t.strong], fontWeight: '700' },
  { tag: [t.emphasis], fontStyle: 'italic' },
  { tag: [t.link, t.url], color: 'var(--accent)', textDecoration: 'underline' },
  { tag: [t.monospace, t.labelName, t.processingInstruction, t.meta, t.string, t.number, t.keyword], color: 'var(--accent)' },
  { tag: [t.comment, t.quote, t.contentSeparator], color: 'var(--muted)' },
]);

const theme = EditorView.theme({
  '&': {
    backgroundColor: 'var(--surface)',
    color: 'var(--text)',
    border: '2px solid var(--border)',
    borderRadius: '8px',
    fontSize: '15px',
    height: '70vh',
  },
  '&.cm-focused': { outline: '3px solid var(--focus)', outlineOffset: '1px' },
  '.cm-scroller': { fontFamily: "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace", lineHeight: '1.5' },
  '.cm-gutters': { backgroundColor: 'var(--code-bg)', color: 'var(--muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: 'color-mix(in srgb, var(--accent) 8%, transparent)' },
  '.cm-content': { caretColor: 'var(--text)' },
  '.cm-tooltip': { backgroundColor: 'var(--surface)', color: 'var(--text)', border: '1px solid var(--border)' },
});

export const editorTheme = [theme, syntaxHighlighting(highlight)];
