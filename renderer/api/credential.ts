// Where browser mode's access token comes from and where it is kept.
// - It arrives after '#' (browsers never send a fragment to any server, so it is in no request
//   line and no log): `#token=T` in the URL `drillbook serve` prints, or `#launch=CODE` in the
//   URL it opens, a one-time code we trade for the token by a same-origin POST (the browser's
//   command line is readable by every local user; a spent code is worthless).
// - The fragment leaves the address bar and the history entry at once (replaceState), before
//   anything else runs or is awaited. So does a token in the query (`?token=T`, the old form, no
//   longer accepted: a query is sent to the server and kept in history), which is never used. The
//   server already answers such an address with its own page that removes it and says why
//   (host/query-token-page.ts); this is the second line, should the app be served one anyway.
// - It is kept in this page's memory and in localStorage, which is per origin: scheme, host AND
//   port, unlike a cookie, so a server on another 127.0.0.1 port never sees it. localStorage (not
//   sessionStorage) so a reload, a second tab or a link opened in a new tab keep working during a
//   drill; it is worthless once that server stops (every launch has a new token), a new launch
//   overwrites it, and it is removed as soon as the server refuses it.
export const TOKEN_KEY = 'drillbook.token';

export type FragmentSecret = { token: string } | { launch: string } | undefined;

/** `#token=…` or `#launch=…` (never a route: routes are `#/…`). */
export function fragmentSecret(hash: string): FragmentSecret {
  if (!/^#(token|launch)=/.test(hash)) return undefined;
  const params = new URLSearchParams(hash.slice(1));
  const token = params.get('token');
  const launch = params.get('launch');
  if (token) return { token };
  if (launch) return { launch };
  return undefined;
}

type Win = Pick<Window, 'location' | 'history' | 'localStorage' | 'fetch'>;

const QUERY_SECRETS = ['token', 'launch'];

/**
 * Removes `?token=` / `?launch=` from the address bar and this history entry, keeping the rest
 * of the query and the fragment. True when there was one.
 */
export function dropQuerySecret(win: Pick<Window, 'location' | 'history'> = window): boolean {
  const query = new URLSearchParams(win.location.search);
  if (!QUERY_SECRETS.some((k) => query.has(k))) return false;
  for (const k of QUERY_SECRETS) query.delete(k);
  const rest = query.toString();
  win.history.replaceState(win.history.state, '', win.location.pathname + (rest ? `?${rest}` : '') + win.location.hash);
  return true;
}

function readStored(win: Win): string | undefined {
  try {
    return win.localStorage.getItem(TOKEN_KEY) ?? undefined;
  } catch {
    return undefined; // storage disabled: only the fragment can help
  }
}

function store(win: Win, token: string): void {
  try {
    win.localStorage.setItem(TOKEN_KEY, token);
  } catch {
    // Storage disabled: this load still works from memory; a reload will need the URL again.
  }
}

export function forgetToken(win: Win = window): void {
  try {
    win.localStorage.removeItem(TOKEN_KEY);
  } catch {
    // nothing stored, nothing to forget
  }
}

async function exchange(win: Win, code: string): Promise<string | undefined> {
  try {
    const res = await win.fetch('/api/launch', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code }),
      credentials: 'omit',
      cache: 'no-store',
    });
    if (!res.ok) return undefined;
    const { token } = (await res.json()) as { token?: unknown };
    return typeof token === 'string' && token ? token : undefined;
  } catch {
    return undefined;
  }
}

/** The token for this page, or undefined: then the "not authorised" screen. */
export async function obtainToken(win: Win = window): Promise<string | undefined> {
  dropQuerySecret(win);
  const secret = fragmentSecret(win.location.hash);
  // `&then=/route` (drillbook open): the secret goes, the screen it asked for stays.
  const then = secret ? new URLSearchParams(win.location.hash.slice(1)).get('then') : null;
  const route = then?.startsWith('/') ? `#${then}` : '';
  if (secret) win.history.replaceState(win.history.state, '', win.location.pathname + win.location.search + route);
  const fresh = secret && 'token' in secret ? secret.token : secret ? await exchange(win, secret.launch) : undefined;
  if (fresh) {
    store(win, fresh);
    return fresh;
  }
  return readStored(win);
}

/** Asks the server whether `token` is this launch's: true, false (refused), undefined (unreachable). */
export async function tokenStillValid(token: string, win: Win = window): Promise<boolean | undefined> {
  try {
    const res = await win.fetch('/api/session', {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      credentials: 'omit',
      cache: 'no-store',
    });
    if (res.status === 204) return true;
    if (res.status === 401) return false;
    return undefined;
  } catch {
    return undefined;
  }
}
