// What changed between two versions of a runbook, as data the CLI, the contract and the app
// share (types only, so the renderer can import it without pulling in the parser).

/** One piece of a text diff (jsdiff's change objects, reduced to what crosses the wire). */
export interface TextPart {
  value: string;
  added?: true;
  removed?: true;
}

/** One field that differs: `from`/`to` are display values (absent = not set in that version). */
export interface FieldChange {
  /** Stable key (`title`, `command`, `estimate`, `param.target_time.default`, ...). */
  field: string;
  /** What the reader sees: "command", "estimate", "parameter target_time: default". */
  label: string;
  from?: string;
  to?: string;
  /** A word or line diff of from → to, for text and commands. */
  parts?: TextPart[];
}

/** Where a step stands in one version. */
export interface StepPlace {
  id: string;
  title: string;
  phaseId: string;
  phaseTitle: string;
  /** 1-based position within its phase. */
  index: number;
  line: number;
}

export type StepDiff =
  | { kind: 'added'; to: StepPlace }
  | { kind: 'removed'; from: StepPlace }
  | {
      kind: 'kept';
      from: StepPlace;
      to: StepPlace;
      /** How the two were paired: the same step id, or a similar title (the id changed). */
      matchedBy: 'id' | 'title';
      /** Its place among the other kept steps changed, or it went to another phase. */
      moved: boolean;
      changes: FieldChange[];
    };

export interface PhasePlace {
  id: string;
  title: string;
  /** 1-based position among the phases. */
  index: number;
  line: number;
}

export type PhaseDiff =
  | { kind: 'added'; to: PhasePlace }
  | { kind: 'removed'; from: PhasePlace }
  | { kind: 'kept'; from: PhasePlace; to: PhasePlace; moved: boolean; changes: FieldChange[] };

export interface DiffSide {
  id: string;
  version: string;
  title: string;
  /** The file compared, where known (CLI: the path given; app: the library file). */
  file?: string;
}

export interface DiffSummary {
  added: number;
  removed: number;
  moved: number;
  changed: number;
  phases: number;
  frontMatter: number;
}

export interface VersionDiff {
  from: DiffSide;
  to: DiffSide;
  /** Nothing but the version number differs. */
  identical: boolean;
  summary: DiffSummary;
  /** id, title, owner, description, tags, rto, rpo, params, host roles (never `version`). */
  frontMatter: FieldChange[];
  /** Only phases that were added, removed, moved or changed. */
  phases: PhaseDiff[];
  /** Only steps that were added, removed, moved or changed; in the order of the newer version, removed ones where they stood. */
  steps: StepDiff[];
}
