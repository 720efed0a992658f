// Bring a step into view below the sticky run header and give it keyboard focus. A step inside
// a folded phase (focus mode) is unfolded first, so a jump link never lands on nothing.
export function stepElement(stepId: string): HTMLElement | undefined {
  return [...document.querySelectorAll<HTMLElement>('li[data-step-id]')].find((el) => el.getAttribute('data-step-id') === stepId);
}

export function jumpToStep(stepId: string): boolean {
  const li = stepElement(stepId);
  if (!li) return false;
  const folded = li.closest('details');
  if (folded && !folded.open) folded.open = true;
  li.focus({ preventScroll: true });
  li.scrollIntoView?.({ block: 'start' });
  return true;
}
