// Run ids name folders: sortable by start time, safe on every filesystem, and never a path.
import { randomBytes } from 'node:crypto';

/** `2026-11-23T1005Z-<runbook-id>-<4 hex>` (start time in UTC, minute resolution). */
export function newRunId(runbookId: string, now: Date, suffix = randomBytes(2).toString('hex')): string {
  const t = now.toISOString(); // 2026-11-23T10:05:33.123Z
  const stamp = `${t.slice(0, 10)}T${t.slice(11, 13)}${t.slice(14, 16)}Z`;
  const slug =
    runbookId
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'run';
  return `${stamp}-${slug}-${suffix}`;
}

/** True for a single safe folder name: no separators, no `.`/`..`, nothing hidden. */
export function isRunId(value: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/.test(value) && !value.includes('..');
}
