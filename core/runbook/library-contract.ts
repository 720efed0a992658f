// The library's part of the contract: its commands and what they return. core/api.ts joins it.
import { z } from 'zod';
import { empty, id, version } from '../contract-fields';
import type { Runbook, SourceError } from './model';

export const libraryCommands = {
  listRunbooks: empty,
  getRunbook: z.object({ id, version }).strict(),
} as const;

/** A library entry: one file = one runbook version (valid or not). */
export interface RunbookVersion {
  id: string;
  version: string;
  title: string;
  owner?: string;
  tags: string[];
  rtoMs?: number;
  rpoMs?: number;
  file: string;
  sha256: string;
  valid: boolean;
  errors: SourceError[];
}

/** The versions of one runbook id, newest first. */
export interface RunbookGroup {
  id: string;
  title: string;
  owner?: string;
  tags: string[];
  versions: RunbookVersion[];
}

export interface Library {
  groups: RunbookGroup[];
  /** Files that could not even yield an id/version (e.g. broken front matter). */
  invalid: RunbookVersion[];
}

export interface LibraryOutputs {
  listRunbooks: Library;
  getRunbook: { runbook: Runbook; entry: RunbookVersion; source: string };
}
