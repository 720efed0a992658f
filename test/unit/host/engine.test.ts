// The browser host in front of the real Engine (temp data dir, one runbook): what one tab does
// over /ws reaches every other tab as an event, as during a real multi-person drill.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../../core/api';
import { Engine } from '../../../core/engine';
import { memorySettingsStore } from '../../../core/settings';
import { startServer, type RunningServer } from '../../../host/server';
import { messages, tokenProtocols } from './helpers';

const runbook = `---
id: smoke-test
title: Smoke test
version: 1.0.0
---

# Check {budget=5m}

- [ ] Look at the dashboard {id=look}
`;

let dir: string;
let engine: Engine;
let server: RunningServer;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'drillbook-host-engine-'));
  mkdirSync(path.join(dir, 'runbooks'));
  writeFileSync(path.join(dir, 'runbooks', 'smoke.md'), runbook);
  engine = await Engine.create({
    dataDir: path.join(dir, 'data'),
    runbookDirs: [path.join(dir, 'runbooks')],
    settings: memorySettingsStore(),
  });
  server = await startServer({ api: engine, staticDir: path.join(dir, 'static') });
});
afterAll(async () => {
  await server.close();
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

async function client() {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, tokenProtocols(server.token));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  let id = 0;
  const inbox = messages(ws);
  const call = async (method: string, params: unknown) => {
    const mine = ++id;
    ws.send(JSON.stringify({ id: mine, method, params }));
    return inbox.next((m) => m.kind === 'response' && m.id === mine);
  };
  return { ws, inbox, call };
}

describe('browser host + Engine', () => {
  it('lists the library and broadcasts a started run to the other tab', async () => {
    const [a, b] = [await client(), await client()];
    const lib = await a.call('listRunbooks', {});
    expect(lib).toMatchObject({ ok: true, result: { groups: [{ id: 'smoke-test' }] } });

    const started = await a.call('startRun', { id: 'smoke-test', version: '1.0.0', mode: 'drill', actor: 'jane' });
    expect(started).toMatchObject({ ok: true });
    const event = await b.inbox.next((m: ServerMessage) => m.kind === 'event');
    expect(event).toMatchObject({
      kind: 'event',
      event: { type: 'run.event', event: { type: 'run.started', actor: 'jane' } },
    });

    expect(await a.call('getRunbook', { id: 'smoke-test', version: '9.9.9' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    a.ws.close();
    b.ws.close();
  });
});
