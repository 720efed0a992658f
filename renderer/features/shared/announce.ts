// A short message for what a key press did not do, and why: shown at the bottom of the window
// and read out by screen readers (one polite status region), gone after a while. It moves no
// focus, so the next key acts where the commander already is.
const SHOWN_MS = 8000;
let timer: ReturnType<typeof setTimeout> | undefined;

function region(): HTMLElement {
  let el = document.getElementById('announce');
  if (!el) {
    el = document.createElement('div');
    el.id = 'announce';
    el.className = 'announce';
    el.setAttribute('role', 'status');
    el.setAttribute('aria-live', 'polite');
    document.body.append(el);
  }
  return el;
}

export function announce(message: string): void {
  const el = region();
  // Same text again: clear first, so it is read out again.
  el.textContent = '';
  requestAnimationFrame(() => (el.textContent = message));
  clearTimeout(timer);
  timer = setTimeout(() => (el.textContent = ''), SHOWN_MS);
}
