// Checklist keys: j/k or arrows move, space/x tick or untick (a finished step asks why it is
// reopened; a command step is never ticked: space goes to its Run button), n note, s skip; g goes
// to the current step, r does what the Now/Next bar offers for it, f toggles focus mode. Esc is
// the native <dialog> cancel. Keys are ignored while typing so a note can contain "j".
import { useEffect } from 'react';
import type { StepStatus } from '../../../core/run/state';
import { dialogOpen, hasModifier, isControl, isTyping } from '../shared/keys';

interface Options {
  stepIds: string[];
  statusOf(stepId: string): StepStatus;
  /** The focused step, read at the key press (so a move does not re-render the whole list). */
  focused(): string | undefined;
  focus(stepId: string): void;
  toggle(stepId: string): void;
  dialog(kind: 'note' | 'skip', stepId: string): void;
  /** Give keyboard focus back to a step the store has as focused (focus was lost, e.g. a click outside). */
  refocus?(stepId: string): void;
  goCurrent?(): void;
  actCurrent?(): void;
  focusMode?(): void;
}

export function nextFocus(
  ids: string[],
  statusOf: (id: string) => StepStatus,
  focused: string | undefined,
  delta: 1 | -1,
): string | undefined {
  const i = focused ? ids.indexOf(focused) : -1;
  // With nothing focused yet, start where the work is: the first step not yet handled.
  if (i < 0) return ids.find((id) => statusOf(id) === 'pending') ?? ids[0];
  return ids[Math.max(0, Math.min(ids.length - 1, i + delta))];
}

export function useRunKeys(o: Options): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (hasModifier(e) || isTyping(e.target) || dialogOpen()) return;
      const focused = o.focused();
      const move = (d: 1 | -1) => {
        // Focus left the steps (a click elsewhere): the first move comes back to where it was.
        const lost = !document.activeElement || document.activeElement === document.body;
        if (focused && o.refocus && lost) return o.refocus(focused);
        const id = nextFocus(o.stepIds, o.statusOf, focused, d);
        if (id) o.focus(id);
      };
      switch (e.key) {
        case 'j':
        case 'ArrowDown':
          move(1);
          break;
        case 'k':
        case 'ArrowUp':
          move(-1);
          break;
        case ' ':
        case 'x':
          // Space on a checkbox/button/link is that control's own click; leave it alone.
          if (e.key === ' ' && isControl(e.target)) return;
          if (!focused) return;
          o.toggle(focused);
          break;
        case 'g':
          if (!o.goCurrent) return;
          o.goCurrent();
          break;
        case 'r':
          if (!o.actCurrent) return;
          o.actCurrent();
          break;
        case 'f':
          if (!o.focusMode) return;
          o.focusMode();
          break;
        case 'n':
        case 's':
          if (!focused) return;
          if (e.key === 's' && o.statusOf(focused) !== 'pending' && o.statusOf(focused) !== 'failed') return;
          o.dialog(e.key === 'n' ? 'note' : 'skip', focused);
          break;
        default:
          return;
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [o]);
}
