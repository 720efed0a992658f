// Keyboard focus never drops to <body>. When the focused control goes away or is disabled (Run
// becomes "Starting…" then Cancel, a Skip… button once the step is skipped, a dialog closes and
// its opener is gone, a banner is dismissed, a page is replaced), focus goes back to what the
// action was about: the same control when it comes back, else its step on the checklist, else
// the page's main heading. A click on the page's background is the user's choice and is left.
import { stepElement } from './step-element';

const FOCUSABLE = 'a[href], button, input, select, textarea, summary, [tabindex], [contenteditable]';

interface Anchor {
  el: HTMLElement;
  /** The checklist step it belongs to, kept because a removed element no longer knows. */
  stepId?: string;
  /** The page section it was in (Settings → Signing identity, the export form's card). */
  section?: HTMLElement;
}

/** Focus on nothing, or on a control just disabled (some browsers leave it there; it takes no keys). */
const lost = () => {
  const a = document.activeElement;
  return !a || a === document.body || a === document.documentElement || (a instanceof HTMLElement && a.matches(':disabled'));
};
const usable = (el: HTMLElement) => el.isConnected && !el.matches(':disabled') && el.getClientRects().length > 0;

/** A heading or region made focusable by script only (tabindex -1: not a Tab stop). */
function focusable(el: HTMLElement): HTMLElement {
  if (!el.hasAttribute('tabindex')) el.tabIndex = -1;
  return el;
}

/** The new page's main heading (or the page itself). */
export function pageStart(): HTMLElement | undefined {
  const main = document.querySelector<HTMLElement>('main');
  return main ? focusable(main.querySelector<HTMLElement>('h1, h2') ?? main) : undefined;
}

/** The page was still loading (no heading yet) when it got focus: its heading gets it once shown. */
let headingAwaited = false;

/** After a change of route: focus the new page's start unless the page already took focus. */
export function focusPageStart(): void {
  const main = document.querySelector('main');
  if (main && main !== document.activeElement && main.contains(document.activeElement)) return;
  if (document.querySelector('dialog[open]')) return;
  const start = pageStart();
  start?.focus({ preventScroll: true });
  headingAwaited = start !== undefined && start === main;
}

function headingArrived(): void {
  const main = document.querySelector('main');
  if (!headingAwaited || !main || document.activeElement !== main) return;
  const heading = main.querySelector('h1, h2');
  if (heading) {
    headingAwaited = false;
    pageStart()?.focus({ preventScroll: true });
  }
}

export function keepFocus(doc: Document = document): () => void {
  let anchor: Anchor | undefined;
  let leftByPointer = false;
  let scheduled = false;

  const restore = () => {
    scheduled = false;
    if (!lost() || leftByPointer || doc.querySelector('dialog[open]')) return;
    const a = anchor;
    if (a?.el.isConnected === false && !a.stepId && !a.section?.isConnected) return focusPageStart();
    if (a && usable(a.el)) return a.el.focus({ preventScroll: true });
    const li = a?.stepId ? stepElement(a.stepId) : undefined;
    if (li) return li.focus({ preventScroll: true });
    // A control off the checklist that is only disabled for now ("Signing…"): wait for it.
    if (a?.el.isConnected && a.el.matches(':disabled')) return;
    // The control went with its form (an identity just created): the section it was in.
    if (a?.section?.isConnected)
      return focusable(a.section.querySelector<HTMLElement>('h2, h3, h4') ?? a.section).focus({ preventScroll: true });
    pageStart()?.focus({ preventScroll: true });
  };
  // After the current task: React's effects (a dialog giving focus back to its opener) go first.
  const check = () => {
    headingArrived();
    if (scheduled || !lost()) return;
    scheduled = true;
    setTimeout(restore, 0);
  };

  const onFocusIn = (e: FocusEvent) => {
    const el = e.target;
    leftByPointer = false;
    if (el !== document.querySelector('main')) headingAwaited = false;
    if (!(el instanceof HTMLElement) || el.closest('dialog')) return;
    const section = el.closest<HTMLElement>('main section');
    anchor = { el, stepId: el.closest('li[data-step-id]')?.getAttribute('data-step-id') ?? undefined, ...(section ? { section } : {}) };
  };
  const onPointerDown = (e: PointerEvent) => {
    leftByPointer = !(e.target instanceof Element && e.target.closest(FOCUSABLE));
  };
  const onFocusOut = (e: FocusEvent) => {
    if (!e.relatedTarget) check();
  };
  const mo = new MutationObserver(check);
  mo.observe(doc.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled', 'open', 'hidden'] });
  doc.addEventListener('focusin', onFocusIn);
  doc.addEventListener('focusout', onFocusOut);
  doc.addEventListener('pointerdown', onPointerDown, true);
  return () => {
    mo.disconnect();
    doc.removeEventListener('focusin', onFocusIn);
    doc.removeEventListener('focusout', onFocusOut);
    doc.removeEventListener('pointerdown', onPointerDown, true);
  };
}
