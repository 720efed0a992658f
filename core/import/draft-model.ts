// The draft between mapping and writing: phases and steps with mdast content, ids already unique.
import type { PhrasingContent, RootContent } from 'mdast';
import type { PhaseWindow } from './phase-window';

export interface DraftStep {
  id: string;
  title: PhrasingContent[];
  line: number;
  description: RootContent[];
  /** `afterAt`: how many description blocks come before the command (text found after it follows it). */
  command?: { lang: 'bash' | 'sh'; script: string; afterAt?: number };
}

export interface DraftPhase {
  title: string;
  line: number;
  budgetMs?: number;
  /** As found in the heading; turned into budgetMs once every phase is known. */
  window?: PhaseWindow;
  description: RootContent[];
  steps: DraftStep[];
}

export interface DraftHeader {
  id: string;
  title: string;
  version: string;
  owner?: string;
  rtoMs?: number;
  rpoMs?: number;
  hostRole: string;
}

export interface DraftDoc {
  header: DraftHeader;
  /** Text that belongs to no phase (purpose, scope, contacts): the runbook's description. */
  preamble: RootContent[];
  phases: DraftPhase[];
}
