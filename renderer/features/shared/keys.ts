// Single-letter shortcuts must not fire while the user is typing or a dialog is open. A focused
// checkbox or radio is not "typing": j/k must keep working right after a click on a checkbox.
const nonText = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file']);

export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLInputElement) return !nonText.has(target.type);
  return ['TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Space/Enter on these is the control's own action; a shortcut must not double it. */
export function isControl(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && target.closest('button, a, summary, input, select, [role=button]') !== null;
}

export function hasModifier(e: KeyboardEvent): boolean {
  return e.ctrlKey || e.metaKey || e.altKey;
}

export function dialogOpen(): boolean {
  return document.querySelector('dialog[open]') !== null;
}
