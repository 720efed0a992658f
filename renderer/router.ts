// Hash routes, so a reload (or a crash and reopen) lands on the same screen, and Electron's
// file:// loading needs no server-side routing.
import { parseStartQuery, type StartPrefill } from '../core/runbook/open-link';

export type Route =
  | { name: 'library' }
  | { name: 'runbook'; id: string; version: string; prefill?: StartPrefill }
  | { name: 'edit'; id: string; version: string }
  | { name: 'import' }
  | { name: 'run'; runId: string }
  | { name: 'report'; runId: string }
  | { name: 'settings'; section?: 'identity'; back?: string }
  | { name: 'register' }
  | { name: 'controls' }
  | { name: 'history'; runbookId: string };

export function parseHash(hash: string): Route {
  const [path = '', query = ''] = hash.split(/\?(.*)/s);
  const parts = path
    .replace(/^#\/?/, '')
    .split('/')
    .filter(Boolean)
    .map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    });
  const [head, a, b, c] = parts;
  if (head === 'runbook' && a && b && c === 'edit') return { name: 'edit', id: a, version: b };
  if (head === 'import') return { name: 'import' };
  // The start form pre-filled (`drillbook open`, a drillbook:// link): shown, never started.
  if (head === 'runbook' && a && b && c === 'start') return { name: 'runbook', id: a, version: b, prefill: parseStartQuery(query) };
  if (head === 'runbook' && a && b) return { name: 'runbook', id: a, version: b };
  if (head === 'run' && a && b === 'report') return { name: 'report', runId: a };
  if (head === 'run' && a) return { name: 'run', runId: a };
  if (head === 'settings') {
    // `?section=identity&back=RUN_ID`: the report page's link to the signing identity, and back.
    const q = new URLSearchParams(query);
    const back = q.get('back');
    return { name: 'settings', ...(q.get('section') === 'identity' ? { section: 'identity' as const } : {}), ...(back ? { back } : {}) };
  }
  if (head === 'register') return { name: 'register' };
  if (head === 'controls') return { name: 'controls' };
  if (head === 'history' && a) return { name: 'history', runbookId: a };
  return { name: 'library' };
}

export function hrefFor(route: Route): string {
  const e = encodeURIComponent;
  switch (route.name) {
    case 'library':
      return '#/';
    case 'runbook':
      return `#/runbook/${e(route.id)}/${e(route.version)}`;
    case 'edit':
      return `#/runbook/${e(route.id)}/${e(route.version)}/edit`;
    case 'import':
      return '#/import';
    case 'run':
      return `#/run/${e(route.runId)}`;
    case 'report':
      return `#/run/${e(route.runId)}/report`;
    case 'settings':
      return '#/settings';
    case 'register':
      return '#/register';
    case 'controls':
      return '#/controls';
    case 'history':
      return `#/history/${e(route.runbookId)}`;
  }
}

export function navigate(route: Route): void {
  window.location.hash = hrefFor(route);
}

// Screens with unsaved work (the editor, an import) hold navigation until the user agrees.
const unsaved = new Set<() => boolean>();

/** Registers `hasUnsaved`; returns the function that removes it. */
export function guardLeaving(hasUnsaved: () => boolean): () => void {
  unsaved.add(hasUnsaved);
  return () => void unsaved.delete(hasUnsaved);
}

export const LEAVE_QUESTION = 'This draft has unsaved changes. Leave and lose them?';

/** True when nothing is unsaved, or the user agrees to lose it. */
export const mayLeave = (): boolean => ![...unsaved].some((f) => f()) || window.confirm(LEAVE_QUESTION);
