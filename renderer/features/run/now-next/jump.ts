// Bring a step into view below the sticky run header and give it keyboard focus. A step inside
// a folded phase (focus mode) is unfolded first, so a jump link never lands on nothing.
import { stepElement } from '../../shared/step-element';

export function jumpToStep(stepId: string): boolean {
  const li = stepElement(stepId);
  if (!li) return false;
  const folded = li.closest('details');
  if (folded && !folded.open) folded.open = true;
  li.focus({ preventScroll: true });
  li.scrollIntoView?.({ block: 'start' });
  return true;
}

/** The height the sticky run header covers at the top of the window (0 when it scrolls away). */
function coveredTop(): number {
  const head = document.querySelector('.run-head');
  if (!head || getComputedStyle(head).position !== 'sticky') return 0;
  return Math.max(0, head.getBoundingClientRect().bottom);
}

/**
 * Scrolls the least that shows a step (a j/k move) wholly between the header and the window's
 * bottom; one taller than that room shows its top (title and buttons), never its middle.
 */
export function revealStep(li: HTMLElement): void {
  if (!li.scrollIntoView) return;
  const top = coveredTop();
  const r = li.getBoundingClientRect();
  if (r.top >= top && r.bottom <= window.innerHeight) return;
  const fits = r.height <= window.innerHeight - top;
  // 'start' honours the page's scroll-padding (the header's height); 'end' the window's bottom.
  li.scrollIntoView({ block: fits && r.top >= top ? 'end' : 'start' });
}
