// Default ids: the slug of a step's text or a phase's title. Lowercase ASCII letters and digits,
// everything else collapses to single dashes, so `Stop the app (prod)` → `stop-the-app-prod`.

export const MAX_SLUG = 60;
export const ID_PATTERN = /^[a-z0-9-]+$/;

/**
 * Ids every plain object already has a property by (of what ID_PATTERN allows: `constructor`):
 * step and phase ids are keys of the run's state, where such an id read the object's own
 * property instead of the step's entry (a step "constructor" made the fold throw).
 */
export const isReservedId = (id: string): boolean => Object.prototype.hasOwnProperty.call(Object.prototype, id);

export function slugify(text: string): string {
  const base = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return base.slice(0, MAX_SLUG).replace(/-+$/, '');
}
