// Shared by the Engine-over-SSH tests: a fleet with a second, passphrase-protected client key;
// a data dir whose inventory has h1 (plain key, host key unknown) and h2 (encrypted key, host key
// known) and one runbook in its library; an Engine on it; and a log of its events to wait on.
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { EngineEvent } from '../../../core/api';
import { Engine, type EngineOptions } from '../../../core/engine';
import { memorySettingsStore } from '../../../core/settings';
import { writeKnownHosts, type Fleet } from './fleet';

/** An ed25519 key protected by `passphrase`, authorised on every host of the fleet. */
export function encryptedKey(fleet: Fleet, work: string, passphrase: string): string {
  const key = path.join(work, 'enc_key');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', 'enc', '-f', key]);
  appendFileSync(fleet.authorizedKeys, readFileSync(`${key}.pub`, 'utf8'));
  return key;
}

export interface EngineOnFleet {
  dataDir: string;
  knownHosts: string;
  engine: Engine;
  events: EngineEvent[];
  /** The first event (already seen or still to come) that `pred` accepts. */
  waitFor: <T extends EngineEvent>(pred: (e: EngineEvent) => e is T, ms?: number) => Promise<T>;
}

export async function engineOnFleet(o: {
  fleet: Fleet;
  dataDir: string;
  encKey: string;
  runbook: { file: string; text: string };
  ssh?: Partial<NonNullable<EngineOptions['ssh']>>;
}): Promise<EngineOnFleet> {
  const { fleet, dataDir } = o;
  const libDir = path.join(dataDir, 'lib');
  mkdirSync(libDir, { recursive: true });
  writeFileSync(path.join(libDir, o.runbook.file), o.runbook.text);
  const knownHosts = writeKnownHosts(fleet, path.join(dataDir, 'known_hosts'), [1]);
  writeFileSync(
    path.join(dataDir, 'inventory.yaml'),
    `known_hosts: ${knownHosts}\nhosts:\n` +
      `  h1: { address: 127.0.0.1, port: ${fleet.ports[0]}, user: ${fleet.user}, identity: ${fleet.key} }\n` +
      `  h2: { address: 127.0.0.1, port: ${fleet.ports[1]}, user: ${fleet.user}, identity: ${o.encKey} }\n`,
  );
  const engine = await Engine.create({
    dataDir,
    runbookDirs: [libDir],
    settings: memorySettingsStore(),
    ssh: { sshConfig: false, agent: false, defaultIdentities: [], ...o.ssh },
  });
  const events: EngineEvent[] = [];
  const waiters = new Set<() => void>();
  engine.on((e) => {
    events.push(e);
    for (const w of waiters) w();
  });
  const waitFor = <T extends EngineEvent>(pred: (e: EngineEvent) => e is T, ms = 20_000): Promise<T> =>
    new Promise((resolve, reject) => {
      const check = () => {
        const hit = events.find(pred);
        if (!hit) return false;
        waiters.delete(check);
        clearTimeout(t);
        resolve(hit);
        return true;
      };
      const t = setTimeout(
        () => (waiters.delete(check), reject(new Error(`no such event within ${ms} ms; got ${events.map((e) => e.type).join(', ')}`))),
        ms,
      );
      if (!check()) waiters.add(check);
    });
  return { dataDir, knownHosts, engine, events, waitFor };
}
