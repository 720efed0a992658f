// Semantic versions (semver.org 2.0.0): validation and precedence, small enough to own.

const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

interface SemVer {
  core: [number, number, number];
  pre: string[];
}

function parse(v: string): SemVer | undefined {
  const m = SEMVER.exec(v);
  if (!m) return undefined;
  return { core: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4] ? m[4].split('.') : [] };
}

export function isSemver(v: string): boolean {
  return SEMVER.test(v);
}

function compareIdent(a: string, b: string): number {
  const an = /^\d+$/.test(a);
  const bn = /^\d+$/.test(b);
  if (an && bn) return Number(a) - Number(b);
  if (an !== bn) return an ? -1 : 1; // numeric identifiers sort below alphanumeric ones
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Negative when a < b. Invalid versions sort below every valid one (compared as strings among
 * themselves); equal precedence (build metadata differs) falls back to the string, so sorting
 * is deterministic.
 */
export function compareSemver(a: string, b: string): number {
  const pa = parse(a);
  const pb = parse(b);
  if (!pa || !pb) return pa ? 1 : pb ? -1 : a.localeCompare(b);
  for (let i = 0; i < 3; i++) if (pa.core[i] !== pb.core[i]) return pa.core[i]! - pb.core[i]!;
  if (pa.pre.length === 0 || pb.pre.length === 0) {
    if (pa.pre.length !== pb.pre.length) return pa.pre.length === 0 ? 1 : -1; // 1.0.0-rc < 1.0.0
  }
  for (let i = 0; i < Math.min(pa.pre.length, pb.pre.length); i++) {
    const c = compareIdent(pa.pre[i]!, pb.pre[i]!);
    if (c !== 0) return c;
  }
  if (pa.pre.length !== pb.pre.length) return pa.pre.length - pb.pre.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
