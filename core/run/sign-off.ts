// Key-confirmed sign-offs. A typed name is self-asserted; a confirmed sign-off carries an
// Ed25519 signature, by the signer's own Drillbook key, over a statement that names the run,
// the step, the role, the signer, the comment, and the journal head it follows (the `prev` of
// its own line), so it cannot be replayed into another run or another point of this one.
import { sign, verify, type KeyObject } from 'node:crypto';
import type { AnyEvent, JournalEvent } from './events';

export interface SignOffFacts {
  runId: string;
  stepId: string;
  role: string;
  signer: string;
  comment?: string;
  /** SHA-256 of the journal line before the sign-off (its `prev`). */
  after: string;
}

/** The exact bytes signed: JSON with a fixed key order, no whitespace. */
export function signOffStatement(f: SignOffFacts): Buffer {
  const s = {
    statement: 'drillbook-sign-off/1',
    runId: f.runId,
    stepId: f.stepId,
    role: f.role,
    signer: f.signer,
    comment: f.comment ?? '',
    after: f.after,
  };
  return Buffer.from(JSON.stringify(s));
}

export const signStatement = (f: SignOffFacts, key: KeyObject): string => sign(null, signOffStatement(f), key).toString('base64');

export interface SignOffCheck {
  seq: number;
  stepId: string;
  signer: string;
  ok: boolean;
  detail: string;
}

/** Every key-confirmed sign-off in the journal, checked against its own line. */
export function checkSignOffs(events: readonly AnyEvent[]): SignOffCheck[] {
  const runId = events[0]?.type === 'run.started' ? events[0].data.runId : '';
  return events
    .filter((e): e is JournalEvent<'gate.signed'> => e.type === 'gate.signed' && !!e.data.confirmation)
    .map((e) => {
      const c = e.data.confirmation!;
      const facts = {
        runId,
        stepId: e.data.stepId,
        role: e.data.role,
        signer: e.actor,
        ...(e.data.comment ? { comment: e.data.comment } : {}),
        after: e.prev,
      };
      let ok = false;
      try {
        ok = verify(null, signOffStatement(facts), c.publicKey, Buffer.from(c.signature, 'base64'));
      } catch {
        ok = false; // an unreadable key or signature is not a valid one
      }
      const who = `${e.actor} (${e.data.role}) on "${e.data.stepId}", journal line ${e.seq}`;
      return {
        seq: e.seq,
        stepId: e.data.stepId,
        signer: e.actor,
        ok,
        detail: ok
          ? `sign-off by ${who} is signed by key certificate ${c.certSha256.slice(0, 16)}…`
          : `sign-off by ${who}: the Ed25519 signature does not match: the sign-off was changed or not made with that key`,
      };
    });
}
