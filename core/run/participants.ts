// Who takes part in a run, as pinned in run.started: the list given at start, cleaned of
// duplicates, with the person starting the run added as commander when they are not listed.
import type { Participant } from './events';

const key = (p: Participant) => `${p.name.trim().toLowerCase()}\u0000${p.role.trim().toLowerCase()}`;

export function withCommander(given: readonly Participant[] | undefined, actor: string): Participant[] {
  const seen = new Set<string>();
  const out: Participant[] = [];
  for (const p of given ?? []) {
    const clean = { name: p.name.trim(), role: p.role.trim() };
    if (!clean.name || !clean.role || seen.has(key(clean))) continue;
    seen.add(key(clean));
    out.push(clean);
  }
  const me = actor.trim();
  if (!out.some((p) => p.name.toLowerCase() === me.toLowerCase())) out.unshift({ name: me, role: 'commander' });
  return out;
}
