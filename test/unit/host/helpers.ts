// A real server on 127.0.0.1 over a temp "built renderer", plus raw HTTP/WebSocket clients that
// can send exactly the headers an attacker would (forged Host, foreign Origin, no token).
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { ApiError, defaultSettings, type EngineEvent, type ServerMessage, type Settings } from '../../../core/api';
import { startServer, type RunningServer } from '../../../host/server';
import type { EventedApi } from '../../../host/ws-bridge';

/** A small Api of our own: deterministic replies, an event source, and one failing method. */
export function testApi() {
  const listeners = new Set<(e: EngineEvent) => void>();
  let settings: Settings = { ...defaultSettings };
  const absent = async (): Promise<never> => {
    throw new ApiError('not_found', 'no such thing here');
  };
  const api: EventedApi = {
    listRunbooks: async () => ({ groups: [], invalid: [] }),
    getRunbook: absent,
    lintDraft: absent,
    saveVersion: absent,
    previewImport: absent,
    saveImport: absent,
    diffRunbooks: absent,
    printChecklist: absent,
    listRuns: async () => {
      throw new Error('EIO: disk failed at /secret/path/runs');
    },
    getRun: absent,
    startRun: absent,
    completeStep: absent,
    skipStep: absent,
    reopenStep: absent,
    overrideStep: absent,
    addNote: absent,
    signGate: absent,
    addParticipant: absent,
    endRun: absent,
    getClock: absent,
    runStep: absent,
    cancelStep: absent,
    checkRun: absent,
    getStepOutput: absent,
    getInventory: absent,
    listPrompts: absent,
    answerPrompt: absent,
    getSettings: async () => settings,
    updateSettings: async ({ s3, ...patch }) => {
      settings = { ...settings, ...patch };
      if (s3 === null) delete settings.s3;
      else if (s3) settings.s3 = s3;
      return settings;
    },
    setS3Credentials: absent,
    clearS3Credentials: absent,
    getS3Credentials: absent,
    s3TestConnection: absent,
    libraryPull: absent,
    libraryPush: absent,
    librarySyncStatus: absent,
    archiveRun: absent,
    archiveQueue: absent,
    keysStatus: absent,
    initKeys: absent,
    previewReport: absent,
    exportReport: absent,
    verifyRunReport: absent,
    getRegister: absent,
    getHistory: absent,
    getControls: absent,
    syncTeamRuns: absent,
    on(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  return { api, emit: (e: EngineEvent) => listeners.forEach((l) => l(e)), listeners: () => listeners.size };
}

export interface Fixture {
  server: RunningServer;
  dir: string;
  staticDir: string;
  close(): Promise<void>;
}

export async function startFixture(api: EventedApi, withBuild = true): Promise<Fixture> {
  const dir = mkdtempSync(path.join(tmpdir(), 'drillbook-host-'));
  const staticDir = path.join(dir, 'static');
  mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  writeFileSync(path.join(dir, 'secret.txt'), 'TOP SECRET');
  if (withBuild) {
    writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Drillbook</title>');
    writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(path.join(staticDir, 'assets', 'app.css'), 'body{}');
  }
  const server = await startServer({ api, staticDir });
  return {
    server,
    dir,
    staticDir,
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** GET with the raw path as given (no client-side normalisation) and a correct Host by default. */
export function get(
  port: number,
  rawPath: string,
  headers: Record<string, string> = {},
  host = '127.0.0.1',
  method = 'GET',
  body?: string,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, method, path: rawPath, headers: { Host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** POST from our own page by default (exact Origin), a JSON body. */
export const post = (port: number, rawPath: string, body: unknown, headers: Record<string, string> = {}) =>
  get(
    port,
    rawPath,
    { Origin: `http://127.0.0.1:${port}`, 'Content-Type': 'application/json', ...headers },
    '127.0.0.1',
    'POST',
    typeof body === 'string' ? body : JSON.stringify(body),
  );

/** The subprotocols the renderer offers: ours, and the token as a second entry. */
export const tokenProtocols = (token: string) => ['drillbook.v1', `drillbook.token.${token}`];

/** Opens /ws; resolves with the socket, or with the HTTP status the server refused it with. */
export function openWs(
  port: number,
  protocols: string[] = [],
  headers: Record<string, string> = {},
  query = '',
): Promise<WebSocket | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws${query}`, protocols, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

/** Collects every server message, so tests can await the next one matching a predicate. */
export function messages(ws: WebSocket) {
  const seen: ServerMessage[] = [];
  const waiters: { match: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }[] = [];
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data)) as ServerMessage;
    seen.push(msg);
    for (const w of waiters.splice(0)) w.match(msg) ? w.resolve(msg) : waiters.push(w);
  });
  return {
    seen,
    next(match: (m: ServerMessage) => boolean = () => true): Promise<ServerMessage> {
      const found = seen.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
  };
}
