// A checklist step's <li> by its id (ids are data: compared as text, never put in a selector).
export function stepElement(stepId: string): HTMLElement | undefined {
  return [...document.querySelectorAll<HTMLElement>('li[data-step-id]')].find((el) => el.getAttribute('data-step-id') === stepId);
}
