// The contract over WebSocket: each message is one Request, validated against core/api.ts
// before anything runs; each reply is one ServerMessage. Engine events go to every client.
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { WS_PROTOCOL } from './auth';
import { ApiError, dispatch, requestSchema, type Api, type EngineEvent, type ServerMessage } from '../core/api';
import { MAX_REQUEST_BYTES } from '../core/request-limit';

export type EventedApi = Api & { on(listener: (e: EngineEvent) => void): () => void };

// A client that stops reading (hung tab) must not grow our memory without bound; it is dropped
// and, like after any drop, reconnects and refetches state.
const MAX_BUFFERED = 16 * 1024 * 1024;

function send(ws: WebSocket, msg: ServerMessage): void {
  if (ws.readyState !== ws.OPEN) return;
  if (ws.bufferedAmount > MAX_BUFFERED) return void ws.terminate();
  ws.send(JSON.stringify(msg));
}

const fail = (id: number, code: string, message: string): ServerMessage => ({
  kind: 'response',
  id,
  ok: false,
  error: { code, message },
});

/** Echo the caller's id when it is usable, so its pending promise settles; -1 never collides. */
function idOf(msg: unknown): number {
  const id = (msg as { id?: unknown } | null)?.id;
  return typeof id === 'number' && Number.isInteger(id) && id >= 0 ? id : -1;
}

export async function answer(api: Api, data: RawData, isBinary: boolean): Promise<ServerMessage> {
  let msg: unknown;
  try {
    if (isBinary) throw new Error('binary');
    const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    msg = JSON.parse(bytes.toString('utf8'));
  } catch {
    return fail(-1, 'bad_request', 'message is not a JSON text frame');
  }
  const parsed = requestSchema.safeParse(msg);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; ');
    return fail(idOf(msg), 'bad_request', `invalid request: ${why}`);
  }
  const { id, method, params } = parsed.data;
  try {
    const result = await dispatch(api, method, params);
    return { kind: 'response', id, ok: true, result: result ?? null };
  } catch (err) {
    if (err instanceof ApiError) return fail(id, err.code, err.message);
    // Details (paths, stack) stay in the server's log, next to the person who started it.
    console.error(`drillbook: ${method} failed:`, err);
    return fail(id, 'internal', `${method} failed unexpectedly; details are in the drillbook serve log`);
  }
}

export function createWsBridge(api: EventedApi): WebSocketServer {
  const wss = new WebSocketServer({
    noServer: true,
    // Every request the contract accepts fits (an import of several MB included); a bigger frame
    // closes the connection (1009) before it is buffered further.
    maxPayload: MAX_REQUEST_BYTES,
    perMessageDeflate: false,
    // Answer with our protocol only: the default would echo the first offered entry, which
    // could be the token entry (the upgrade gate has already checked it, see auth.ts).
    handleProtocols: (offered) => (offered.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });
  wss.on('connection', (ws) => {
    const unsubscribe = api.on((event) => send(ws, { kind: 'event', event }));
    ws.on('close', unsubscribe);
    ws.on('error', () => ws.terminate()); // e.g. a frame over maxPayload; 'close' follows
    ws.on('message', (data, isBinary) => {
      void answer(api, data, isBinary).then((reply) => send(ws, reply));
    });
  });
  return wss;
}
