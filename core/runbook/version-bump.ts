// The next version of a runbook when a draft is saved: patch, minor or major. A pre-release or
// build suffix is dropped (2.1.0-rc.1 + minor = 2.2.0): a saved edit is a release of its own.

export type Bump = 'patch' | 'minor' | 'major';

const CORE = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:[-+].*)?$/;

/** Undefined when `version` is not MAJOR.MINOR.PATCH[-pre][+build]. */
export function bumpVersion(version: string, bump: Bump): string | undefined {
  const m = CORE.exec(version);
  if (!m) return undefined;
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (bump === 'major') return `${major + 1}.0.0`;
  if (bump === 'minor') return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}
