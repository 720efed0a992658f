// What a parameter's value must look like: a `type` and/or an anchored `pattern` from the front
// matter. Pure, so the start form checks as the commander types with the very function the
// engine uses to refuse a start (and `--param` of a headless run).
import { DURATION_HINT, parseDuration } from './duration';

export const PARAM_TYPES = ['string', 'integer', 'duration', 'timestamp', 'url', 'hostname'] as const;
export type ParamType = (typeof PARAM_TYPES)[number];

/** What the form shows beside the field and the error names as expected. */
export const PARAM_TYPE_HINTS: Record<ParamType, string> = {
  string: 'any text',
  integer: 'a whole number such as 5432 or -1',
  duration: DURATION_HINT,
  timestamp: 'a timestamp with a UTC offset such as 2026-03-01T14:30:00Z or 2026-03-01T14:30:00+01:00',
  url: 'a URL with a scheme such as https://status.example.com/incident/42',
  hostname: 'a hostname such as db-2.example.com (letters, digits and "-" between dots)',
};

const INTEGER = /^[+-]?\d+$/;
// An offset is required: a timestamp without one means a different instant on every machine.
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|z|[+-]\d{2}:?\d{2})$/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;

function fitsType(type: ParamType, v: string): boolean {
  switch (type) {
    case 'string':
      return true;
    case 'integer':
      return INTEGER.test(v) && Number.isSafeInteger(Number(v));
    case 'duration':
      return parseDuration(v) !== undefined;
    case 'timestamp': {
      const m = TIMESTAMP.exec(v);
      if (!m) return false;
      const [month, day, hour, minute, second] = [m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [
        number,
        number,
        number,
        number,
        number,
      ];
      if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return false;
      return !Number.isNaN(new Date(v.replace(' ', 'T')).getTime());
    }
    case 'url':
      return SCHEME.test(v) && !/\s/.test(v) && URL.canParse(v) && new URL(v).href !== '';
    case 'hostname': {
      const name = v.endsWith('.') ? v.slice(0, -1) : v;
      return name.length > 0 && name.length <= 253 && name.split('.').every((l) => LABEL.test(l));
    }
  }
}

/** The pattern as a RegExp matching the whole value, or the reason it is not a valid one. */
export function compilePattern(pattern: string): RegExp | string {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u');
  } catch (err) {
    return err instanceof Error ? err.message.replace(/^Invalid regular expression: \/.*\/u: /s, '') : String(err);
  }
}

export interface ParamShape {
  type?: ParamType;
  pattern?: string;
}

/** What is wrong with `value` for parameter `name`, or undefined when it fits. '' (no value) always fits: `required` decides that. */
export function paramValueProblem(name: string, shape: ParamShape, value: string): string | undefined {
  if (value === '') return undefined;
  const got = `(got "${value.length > 80 ? `${value.slice(0, 80)}…` : value}")`;
  if (shape.type && !fitsType(shape.type, value)) return `parameter "${name}" expects ${PARAM_TYPE_HINTS[shape.type]} ${got}`;
  if (shape.pattern !== undefined) {
    const re = compilePattern(shape.pattern);
    if (typeof re === 'string') return `parameter "${name}" has an invalid pattern: ${re}`;
    if (!re.test(value)) return `parameter "${name}" must match the pattern ${shape.pattern} ${got}`;
  }
  return undefined;
}

/** One problem per parameter whose value does not fit its declaration, in declaration order. */
export function paramValuesProblems(specs: Readonly<Record<string, ParamShape>>, values: Readonly<Record<string, string>>): string[] {
  return Object.entries(specs).flatMap(([name, shape]) => {
    const value = Object.hasOwn(values, name) ? values[name]! : '';
    const problem = paramValueProblem(name, shape, value);
    return problem ? [problem] : [];
  });
}
