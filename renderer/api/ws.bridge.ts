// Browser-mode bridge: the same Bridge shape as Electron's preload, over one WebSocket to the
// local server. The access token authenticates it, offered as a subprotocol (no cookie: cookies
// ignore ports; no query: URLs get logged; see host/auth.ts). Requests carry ids so replies can
// arrive in any order. On a drop every pending request is rejected (the UI must not believe a
// tick landed when it may not have) and we reconnect with backoff, unless the server says the
// token is no longer good (a new `drillbook serve` on the same port): then 'unauthorised'.
import type { Bridge, EngineEvent, Response, ServerMessage } from '../../core/api';
import { requestTooLarge } from '../../core/request-limit';

export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'unauthorised';

/** Must equal host/auth.ts's WS_PROTOCOL and WS_TOKEN_PREFIX (a unit test checks). */
export const WS_PROTOCOL = 'drillbook.v1';
export const WS_TOKEN_PREFIX = 'drillbook.token.';

export interface BridgeAuth {
  token: string;
  /**
   * Asked after a socket closed without ever opening, since a browser cannot see why an
   * upgrade was refused: false = the token is refused (stop and say so), true or undefined
   * (server unreachable) = keep retrying.
   */
  stillValid(): Promise<boolean | undefined>;
}

export interface WsBridge extends Bridge {
  status(): ConnectionStatus;
  onStatus(listener: (s: ConnectionStatus) => void): () => void;
  close(): void;
}

interface Pending {
  resolve(r: Response): void;
  reject(e: Error): void;
}

const backoffMs = (attempt: number) => Math.min(5000, 250 * 2 ** attempt);

export function wsUrl(loc: Pick<Location, 'protocol' | 'host'>): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/ws`;
}

export function connectWebSocket(url: string, Ws: typeof WebSocket = WebSocket, auth?: BridgeAuth): WsBridge {
  let ws: WebSocket | undefined;
  let state: ConnectionStatus = 'connecting';
  let attempt = 0;
  let nextId = 1;
  let closed = false;
  const pending = new Map<number, Pending>();
  const waitingForFirstOpen: (() => void)[] = [];
  const events = new Set<(e: EngineEvent) => void>();
  const statuses = new Set<(s: ConnectionStatus) => void>();

  const setState = (s: ConnectionStatus) => {
    if (s === state) return;
    state = s;
    statuses.forEach((l) => l(s));
  };

  const connect = () => {
    const sock = auth ? new Ws(url, [WS_PROTOCOL, WS_TOKEN_PREFIX + auth.token]) : new Ws(url);
    let opened = false;
    ws = sock;
    sock.onopen = () => {
      opened = true;
      attempt = 0;
      setState('open');
      waitingForFirstOpen.splice(0).forEach((go) => go());
    };
    sock.onmessage = (m) => {
      let msg: ServerMessage;
      try {
        msg = JSON.parse(String(m.data)) as ServerMessage;
      } catch {
        return; // not ours to interpret; the server only sends JSON
      }
      if (msg.kind === 'event') events.forEach((l) => l(msg.event));
      else if (msg.kind === 'response') {
        const p = pending.get(msg.id);
        pending.delete(msg.id);
        const { kind: _kind, ...res } = msg;
        p?.resolve(res as Response);
      }
    };
    sock.onclose = () => {
      if (ws !== sock) return;
      ws = undefined;
      const lost = new Error('Connection lost — the request may not have reached Drillbook. Check, then retry.');
      [...pending.values()].forEach((p) => p.reject(lost));
      pending.clear();
      if (closed) return;
      // Before the first open we stay "connecting": the page is just loading, not broken.
      if (state !== 'connecting') setState('reconnecting');
      const retry = () => setTimeout(connect, backoffMs(attempt++));
      if (opened || !auth) return void retry();
      auth.stillValid().then(
        (valid) => {
          if (closed) return;
          if (valid !== false) return retry();
          closed = true;
          waitingForFirstOpen.splice(0); // their callers get the "not authorised" screen instead
          setState('unauthorised');
        },
        () => retry(),
      );
    };
  };

  const send = (method: string, params: unknown) =>
    new Promise<Response>((resolve, reject) => {
      if (!ws || ws.readyState !== Ws.OPEN) return reject(new Error('Not connected to Drillbook — reconnecting.'));
      const id = nextId++;
      const json = JSON.stringify({ id, method, params });
      // The server closes the connection on a frame over its limit: say why here instead.
      const tooLarge = requestTooLarge(json);
      if (tooLarge) return reject(new Error(`${method}: ${tooLarge}`));
      pending.set(id, { resolve, reject });
      ws.send(json);
    });

  connect();
  return {
    invoke(method, params) {
      if (state === 'connecting') {
        return new Promise((resolve, reject) => waitingForFirstOpen.push(() => send(method, params).then(resolve, reject)));
      }
      return send(method, params);
    },
    onEvent(l) {
      events.add(l);
      return () => events.delete(l);
    },
    status: () => state,
    onStatus(l) {
      statuses.add(l);
      return () => statuses.delete(l);
    },
    close() {
      closed = true;
      ws?.close();
    },
  };
}
