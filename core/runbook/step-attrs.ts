// Which attributes are allowed where, and what their values must look like.
import type { StepAttrs } from './model';
import type { RawAttr } from './attributes';
import type { Diagnostics } from './source';
import { DURATION_HINT, parseDuration } from './duration';
import { API_LIMITS, MAX_STEP_ID } from './limits';
import { ID_PATTERN } from './slug';
import { didYouMean } from './suggest';

export const STEP_ATTRS = ['id', 'estimate', 'timeout', 'role', 'gate', 'after', 'retries', 'expect-exit', 'continue-on-failure'];
export const CODE_ATTRS = ['host', 'timeout'];
export const PHASE_ATTRS = ['budget'];

type Place = 'step' | 'code block' | 'phase';
const ALLOWED: Record<Place, string[]> = { step: STEP_ATTRS, 'code block': CODE_ATTRS, phase: PHASE_ATTRS };
const HINT: Record<Place, (key: string) => string | undefined> = {
  step: (k) => (CODE_ATTRS.includes(k) ? ` (it goes on the code block: \`\`\`bash {${k}=...})` : undefined),
  'code block': (k) => (STEP_ATTRS.includes(k) ? ` ("${k}" is a step attribute: put it on the ## heading)` : undefined),
  phase: (k) => (STEP_ATTRS.includes(k) ? ` (a # phase heading takes only budget=; "${k}" belongs on a step)` : undefined),
};

/** Report unknown keys; returns the known ones, keyed by name. */
function known(attrs: RawAttr[], place: Place, diag: Diagnostics): Map<string, RawAttr> {
  const out = new Map<string, RawAttr>();
  for (const a of attrs) {
    if (ALLOWED[place].includes(a.key)) out.set(a.key, a);
    else diag.at(a.keyOffset, `unknown ${place} attribute "${a.key}"${HINT[place](a.key) ?? didYouMean(a.key, ALLOWED[place])}`);
  }
  return out;
}

function valueOf(a: RawAttr | undefined, example: string, diag: Diagnostics): string | undefined {
  if (!a) return undefined;
  if (a.value === undefined || a.value.trim() === '') {
    diag.at(a.keyOffset, `attribute "${a.key}" needs a value, e.g. ${example}`);
    return undefined;
  }
  return a.value;
}

function duration(a: RawAttr | undefined, diag: Diagnostics, positive = true): number | undefined {
  const v = valueOf(a, `${a?.key}=5m`, diag);
  if (v === undefined) return undefined;
  const ms = parseDuration(v);
  if (ms === undefined) diag.at(a!.valueOffset, `attribute "${a!.key}" expects ${DURATION_HINT} (got "${v}")`);
  else if (positive && ms === 0) diag.at(a!.valueOffset, `attribute "${a!.key}" must be longer than 0s`);
  return ms;
}

function integer(a: RawAttr | undefined, min: number, max: number, fallback: number, diag: Diagnostics): number {
  const v = valueOf(a, `${a?.key}=1`, diag);
  if (v === undefined) return fallback;
  const n = /^-?\d+$/.test(v) ? Number(v) : NaN;
  if (Number.isInteger(n) && n >= min && n <= max) return n;
  diag.at(a!.valueOffset, `attribute "${a!.key}" expects a whole number from ${min} to ${max} (got "${v}")`);
  return fallback;
}

/** A gate names a participant's role; one longer than a role may be could never be signed. */
function gateRole(a: RawAttr | undefined, diag: Diagnostics): string | undefined {
  const v = valueOf(a, 'gate=commander', diag);
  if (v !== undefined && v.trim().length > API_LIMITS.role) {
    diag.at(
      a!.valueOffset,
      `gate role is ${v.trim().length} characters long; a participant's role is at most ${API_LIMITS.role}, so nobody could sign it`,
    );
  }
  return v;
}

export interface StepAttrResult {
  id?: string;
  attrs: StepAttrs;
  /** after= references with their source offsets, checked once every step id is known. */
  afterRefs: { id: string; offset: number }[];
}

export function stepAttrs(raw: RawAttr[], diag: Diagnostics): StepAttrResult {
  const m = known(raw, 'step', diag);
  const idAttr = m.get('id');
  let id = valueOf(idAttr, 'id=stop-app', diag);
  if (id !== undefined && !ID_PATTERN.test(id)) {
    diag.at(idAttr!.valueOffset, `step id "${id}" must use only a-z, 0-9 and "-"`);
    id = undefined;
  } else if (id !== undefined && id.length > MAX_STEP_ID) {
    diag.at(
      idAttr!.valueOffset,
      `step id is ${id.length} characters long; the limit is ${MAX_STEP_ID} (evidence files are named after it)`,
    );
    id = undefined;
  }
  const afterRefs: StepAttrResult['afterRefs'] = [];
  const after = m.get('after');
  const list = valueOf(after, 'after=stop-app,backup-age', diag);
  if (list !== undefined) {
    let offset = after!.valueOffset;
    for (const part of list.split(',')) {
      if (part === '') diag.at(offset, 'empty step id in after= (expected after=id1,id2)');
      else afterRefs.push({ id: part, offset });
      offset += part.length + 1;
    }
  }
  const flag = m.get('continue-on-failure');
  if (flag?.value !== undefined && flag.value !== 'true' && flag.value !== 'false') {
    diag.at(flag.valueOffset, `attribute "continue-on-failure" is a flag: write it alone, or =true / =false (got "${flag.value}")`);
  }
  const attrs: StepAttrs = {
    estimateMs: duration(m.get('estimate'), diag),
    timeoutMs: duration(m.get('timeout'), diag),
    role: valueOf(m.get('role'), 'role=commander', diag),
    gate: gateRole(m.get('gate'), diag),
    after: afterRefs.map((r) => r.id),
    retries: integer(m.get('retries'), 0, 100, 0, diag),
    expectExit: integer(m.get('expect-exit'), 0, 255, 0, diag),
    continueOnFailure: flag !== undefined && flag.value !== 'false',
  };
  const loose = attrs as unknown as Record<string, unknown>;
  for (const k of Object.keys(loose)) if (loose[k] === undefined) delete loose[k];
  return { id, attrs, afterRefs };
}

export function codeAttrs(raw: RawAttr[], diag: Diagnostics): { host?: RawAttr & { value: string }; timeoutMs?: number } {
  const m = known(raw, 'code block', diag);
  const hostAttr = m.get('host');
  const host = valueOf(hostAttr, 'host=db', diag);
  return {
    host: host === undefined ? undefined : { ...hostAttr!, value: host },
    timeoutMs: duration(m.get('timeout'), diag),
  };
}

export function phaseAttrs(raw: RawAttr[], diag: Diagnostics): { budgetMs?: number } {
  const m = known(raw, 'phase', diag);
  return { budgetMs: duration(m.get('budget'), diag) };
}
