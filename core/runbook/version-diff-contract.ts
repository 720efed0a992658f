// The compare command's part of the contract (core/api.ts joins it): two library versions in,
// the structured diff and its text rendering out.
import { z } from 'zod';
import { id, version } from '../contract-fields';
import type { VersionDiff } from './version-diff-model';

const versionRef = z.object({ id, version }).strict();

export const versionDiffCommands = {
  /** What changed from one library version to another (usually two versions of one runbook). */
  diffRunbooks: z.object({ from: versionRef, to: versionRef }).strict(),
} as const;

export interface VersionDiffOutputs {
  diffRunbooks: { diff: VersionDiff; text: string };
}
