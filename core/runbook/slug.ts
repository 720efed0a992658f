// Default ids: the slug of a step's text or a phase's title. Lowercase ASCII letters and digits,
// everything else collapses to single dashes, so `Stop the app (prod)` → `stop-the-app-prod`.

export const MAX_SLUG = 60;
export const ID_PATTERN = /^[a-z0-9-]+$/;

export function slugify(text: string): string {
  const base = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return base.slice(0, MAX_SLUG).replace(/-+$/, '');
}
