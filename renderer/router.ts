// Hash routes, so a reload (or a crash and reopen) lands on the same screen, and Electron's
// file:// loading needs no server-side routing.
export type Route =
  | { name: 'library' }
  | { name: 'runbook'; id: string; version: string }
  | { name: 'run'; runId: string }
  | { name: 'report'; runId: string }
  | { name: 'settings' }
  | { name: 'register' }
  | { name: 'history'; runbookId: string };

export function parseHash(hash: string): Route {
  const parts = hash
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
  const [head, a, b] = parts;
  if (head === 'runbook' && a && b) return { name: 'runbook', id: a, version: b };
  if (head === 'run' && a && b === 'report') return { name: 'report', runId: a };
  if (head === 'run' && a) return { name: 'run', runId: a };
  if (head === 'settings') return { name: 'settings' };
  if (head === 'register') return { name: 'register' };
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
    case 'run':
      return `#/run/${e(route.runId)}`;
    case 'report':
      return `#/run/${e(route.runId)}/report`;
    case 'settings':
      return '#/settings';
    case 'register':
      return '#/register';
    case 'history':
      return `#/history/${e(route.runbookId)}`;
  }
}

export function navigate(route: Route): void {
  window.location.hash = hrefFor(route);
}
