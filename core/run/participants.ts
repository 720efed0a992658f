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

/** Names and roles are typed by people under stress: "Commander " is the commander. */
export const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Whether `name` takes part in the run in `role`. */
export const hasRole = (participants: readonly Participant[], name: string, role: string) =>
  participants.some((p) => sameName(p.name, name) && sameName(p.role, role));

/** Who takes part in `role`, by name. */
export const holdersOf = (participants: readonly Participant[], role: string) =>
  participants.filter((p) => sameName(p.role, role)).map((p) => p.name);
