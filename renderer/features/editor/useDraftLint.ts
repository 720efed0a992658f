// Lint of the draft as it is typed: a pause of DEBOUNCE_MS after the last keystroke sends the text
// to the engine; a reply for text that has changed since is dropped. A draft over the parser's
// size limit is not sent at all (the message would be refused on the way) and gets its error here.
import { useEffect, useState } from 'react';
import type { DraftLint } from '../../../core/api';
import { MAX_FILE_BYTES } from '../../../core/runbook/limits';
import { useApp } from '../../store';

export const DEBOUNCE_MS = 300;

export interface DraftLintState {
  /** The lint of `text`; absent until the first reply. */
  result?: DraftLint;
  /** The text `result` is for. */
  text?: string;
  /** The last draft that parsed without errors: the preview keeps showing it while there are errors. */
  lastGood?: DraftLint;
  failure?: string;
}

const utf8Bytes = (s: string) => new TextEncoder().encode(s).length;

function tooBig(text: string, fileName: string): DraftLint | undefined {
  const bytes = utf8Bytes(text);
  if (bytes <= MAX_FILE_BYTES) return undefined;
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  const message = `runbook is ${mb(bytes)} MB; the limit is ${mb(MAX_FILE_BYTES)} MB: split it into smaller runbooks`;
  return { errors: [{ file: fileName, line: 1, column: 1, message }], warnings: [], header: {} };
}

export function useDraftLint(text: string, fileName: string): DraftLintState & { pending: boolean } {
  const lintDraft = useApp((s) => s.lintDraft);
  const [state, setState] = useState<DraftLintState>({});
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      const big = tooBig(text, fileName);
      const reply = big ? Promise.resolve(big) : lintDraft(text, fileName);
      reply.then(
        (result) => live && setState((s) => ({ result, text, lastGood: result.runbook ? result : s.lastGood })),
        (e: unknown) => live && setState((s) => ({ ...s, failure: e instanceof Error ? e.message : String(e) })),
      );
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [text, fileName, lintDraft]);
  return { ...state, pending: state.text !== text };
}
