// Step kinds as inline SVG: emoji fonts are missing on many Linux machines (a tofu box tells
// nobody anything), and inline SVG needs no asset or style-src exception.
import type { Step } from '../../../core/runbook/model';

const kinds: Record<Step['kind'], { label: string; path: string }> = {
  // a person: somebody does this by hand
  manual: { label: 'Manual step', path: 'M8 2.5a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5zM2.5 14.5c0-3.2 2.4-5.2 5.5-5.2s5.5 2 5.5 5.2' },
  // a terminal prompt: a command to run
  command: { label: 'Command step', path: 'M2 3.5l4.5 4.5L2 12.5M8 13h6' },
  // a storage cylinder: a backup check against object storage
  's3-check': {
    label: 'S3 backup check',
    path: 'M2.5 4c0-1.2 2.5-2 5.5-2s5.5.8 5.5 2-2.5 2-5.5 2-5.5-.8-5.5-2zm0 0v8c0 1.2 2.5 2 5.5 2s5.5-.8 5.5-2V4M2.5 8c0 1.2 2.5 2 5.5 2s5.5-.8 5.5-2',
  },
};

export function KindIcon({ kind }: { kind: Step['kind'] }) {
  const k = kinds[kind];
  return (
    <span className={`kind kind-${kind}`} title={k.label}>
      <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
        <path d={k.path} fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      <span className="sr-only">{k.label}</span>
    </span>
  );
}
