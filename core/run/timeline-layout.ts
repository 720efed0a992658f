// Where each timeline row sits, shared by the SVG and the run view's jump buttons laid over it
// (the SVG is shown as an image, so its rows cannot be links themselves). Step names are never
// cut short silently: the label column grows to fit the longest title (within a cap), and a
// title wider than that wraps onto a second line before it is shortened.
import type { Runbook } from '../runbook/model';
import type { RunClock } from './clock-model';
import { timelineRows, type TimelineRow } from './timeline-rows';

export interface TimelineOptions {
  /** Total width in px (default 960). */
  width?: number;
  /** Width of the label column in px (default: fits the longest title, 200–420). */
  labelWidth?: number;
}

export interface LaidOutRow extends TimelineRow {
  y: number;
  h: number;
  indent: number;
  /** The label, one or two lines; shortened (with …) only beyond two lines. */
  lines: string[];
}

export interface TimelineLayout {
  width: number;
  height: number;
  label: number;
  top: number;
  bottom: number;
  rows: LaidOutRow[];
}

const ROW = 22;
const LINE = 13;
const PHASE_ROW = 28;
export const TOP = 64;
const CHAR = 6.6; // average width of a 12px sans-serif character
const MIN_LABEL = 200;
const MAX_LABEL = 420;

const indentOf = (row: TimelineRow) => (row.kind === 'phase' ? 8 : 22);

/** Splits `text` into at most two lines of `max` characters, at spaces where it can. */
export function wrapLabel(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const cut = text.lastIndexOf(' ', max);
  const at = cut > max / 2 ? cut : max;
  const first = text.slice(0, at).trimEnd();
  const rest = text.slice(at).trimStart();
  return [first, rest.length <= max ? rest : `${rest.slice(0, max - 1)}…`];
}

export function timelineLayout(runbook: Runbook, clock: RunClock, opts: TimelineOptions = {}): TimelineLayout {
  const width = opts.width ?? 960;
  const rows = timelineRows(runbook, clock);
  const longest = Math.max(0, ...rows.map((r) => r.title.length * CHAR + indentOf(r) + 24));
  const label = opts.labelWidth ?? Math.round(Math.min(MAX_LABEL, Math.max(MIN_LABEL, longest)));
  let y = TOP;
  const laid = rows.map((row) => {
    const indent = indentOf(row);
    const lines = wrapLabel(row.title, Math.max(4, Math.floor((label - indent - 20) / CHAR)));
    const h = (row.kind === 'phase' ? PHASE_ROW : ROW) + (lines.length - 1) * LINE;
    const out = { ...row, y, h, indent, lines };
    y += h;
    return out;
  });
  return { width, height: y + 76, label, top: TOP, bottom: y, rows: laid };
}
