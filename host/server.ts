// Browser mode: the built renderer over HTTP and the core/api.ts contract over a WebSocket,
// on 127.0.0.1 only, behind a per-launch token (see auth.ts for why loopback is not enough).
// The token is needed on /ws only and travels in a Sec-WebSocket-Protocol entry; the URLs we
// print or open carry it (or a one-time code) after '#', which browsers never send to a server.
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { newToken } from './auth';
import { judgeRequest, judgeUpgrade, requestUrl, type GateContext } from './gate';
import { sendText } from './headers';
import { LaunchCodes } from './launch-codes';
import { handleSessionApi } from './session-api';
import { serveStatic } from './static';
import { createWsBridge, type EventedApi } from './ws-bridge';

export interface ServerOptions {
  api: EventedApi;
  staticDir: string;
  /** 0 (default) = a random free port. */
  port?: number;
  token?: string;
}

export interface RunningServer {
  /** http://127.0.0.1:PORT/#token=TOKEN, for the user (printed once). */
  url: string;
  port: number;
  token: string;
  /** http://127.0.0.1:PORT/#launch=CODE, single-use, for a browser we launch ourselves (see launch-codes.ts). */
  launchUrl(): string;
  close(): Promise<void>;
}

/** Refuse an upgrade before any WebSocket exists: a plain HTTP answer, then hang up. */
function refuse(socket: Duplex, status: number, message: string): void {
  const head = [`HTTP/1.1 ${status} ${STATUS_CODES[status]}`, 'Connection: close', 'Content-Type: text/plain; charset=utf-8'];
  socket.end(`${head.join('\r\n')}\r\nContent-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`);
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const ctx: GateContext = { port: 0, token: opts.token ?? newToken(), codes: new LaunchCodes() };
  const wss = createWsBridge(opts.api);

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const url = requestUrl(req);
    if (!url) return sendText(res, 400, 'Bad request\n');
    const verdict = judgeRequest(req, url, ctx);
    if (verdict.kind === 'deny')
      return verdict.page
        ? sendText(res, verdict.status, verdict.page, { 'Content-Type': 'text/html; charset=utf-8' })
        : sendText(res, verdict.status, verdict.message);
    if (handleSessionApi(req, res, url.pathname, ctx)) return;
    serveStatic(req, res, url.pathname, opts.staticDir).catch((err) => {
      console.error('drillbook: serving a file failed:', err);
      if (!res.headersSent) sendText(res, 500, 'Internal error\n');
      else res.destroy();
    });
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = requestUrl(req);
    if (!url || url.pathname !== '/ws') return refuse(socket, 404, 'Not found\n');
    const verdict = judgeUpgrade(req, ctx);
    if (verdict.kind === 'deny') return refuse(socket, verdict.status, verdict.message);
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  };

  const server = createServer(onRequest);
  server.on('upgrade', onUpgrade);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  // Past startup, a server error (e.g. out of file descriptors) is logged, not a crash mid-drill.
  server.on('error', (err) => console.error('drillbook: server error:', err));
  ctx.port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${ctx.port}/`;

  return {
    url: `${base}#token=${ctx.token}`,
    port: ctx.port,
    token: ctx.token,
    launchUrl: () => `${base}#launch=${ctx.codes.mint()}`,
    async close() {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
