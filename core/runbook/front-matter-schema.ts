// The front matter schema. Strict everywhere: a misspelt key must fail, not be ignored.
import { z } from 'zod';
import { DURATION_HINT, parseDuration } from './duration';
import { isSemver } from './semver';
import { API_LIMITS, tooLong } from './limits';
import { ID_PATTERN } from './slug';
import { PARAM_TYPES, compilePattern, paramValueProblem } from './param-types';

const text = z.string({ error: 'expected text' });
const bool = z.boolean({ error: 'expected true or false' });
const duration = z
  .string({ error: `expected ${DURATION_HINT}` })
  .refine((s) => parseDuration(s) !== undefined, { error: (i) => `expected ${DURATION_HINT} (got "${String(i.input)}")` });
// A default may be written as a bare YAML number or boolean; parameters are text.
const scalar = z
  .union([z.string(), z.number(), z.boolean()], { error: 'expected a single value' })
  .transform(String)
  .pipe(z.string().max(API_LIMITS.paramValue, { error: (i) => tooLong(String(i.input).length, API_LIMITS.paramValue) }));

export const PARAM_KEYS = ['description', 'required', 'default', 'type', 'pattern'] as const;
export const HOST_KEYS = ['description', 'many'] as const;
export const DRILL_KEYS = ['every'] as const;

// A control names a clause of a framework, as auditors write it: ISO27001-A.8.13, SOC2-A1.3.
/** Control ids travel in commands and file names of the audit pack: short enough for both. */
export const MAX_CONTROL = 100;
export const CONTROL_ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/;
const CONTROL_HINT = 'a control id of letters, digits and . _ : / - such as ISO27001-A.8.13';
const control = z
  .string({ error: `expected ${CONTROL_HINT}` })
  .regex(CONTROL_ID, { error: (i) => `expected ${CONTROL_HINT} (got "${String(i.input)}")` })
  .max(MAX_CONTROL, { error: (i) => tooLong(String(i.input).length, MAX_CONTROL) });
const controls = z
  .array(control, { error: 'expected a list of control ids, e.g. [ISO27001-A.8.13, SOC2-A1.3]' })
  .superRefine((list, ctx) => {
    list.forEach((c, i) => {
      if (list.indexOf(c) < i) ctx.addIssue({ code: 'custom', path: [i], message: `control "${c}" is listed twice` });
    });
  });
// How often the runbook must be exercised: a drill is due `every` after the last one.
const drill = z
  .object(
    {
      every: duration.refine((s) => (parseDuration(s) ?? 1) > 0, { error: 'expected a cadence longer than 0s, e.g. 30d' }),
    },
    { error: 'expected { every: DURATION }, e.g. { every: 30d }' },
  )
  .strict();

const paramType = z.enum(PARAM_TYPES, {
  error: (i) => `expected a parameter type: one of ${PARAM_TYPES.join(', ')} (got "${String(i.input)}")`,
});
const pattern = z
  .string({ error: 'expected a regular expression as text, e.g. "INC-[0-9]+"' })
  .max(API_LIMITS.paramValue, { error: (i) => tooLong(String(i.input).length, API_LIMITS.paramValue) })
  .superRefine((p, ctx) => {
    const re = compilePattern(p);
    if (typeof re === 'string') ctx.addIssue({ code: 'custom', message: `invalid pattern "${p}": ${re}` });
  });
const paramSpec = z
  .object(
    {
      description: text.optional(),
      required: bool.optional(),
      default: scalar.optional(),
      type: paramType.optional(),
      pattern: pattern.optional(),
    },
    { error: 'expected { description, required, default, type, pattern }' },
  )
  .strict()
  .superRefine((spec, ctx) => {
    // A default that its own type refuses would fail every start that leaves the field empty.
    if (spec.default === undefined || (spec.pattern !== undefined && typeof compilePattern(spec.pattern) === 'string')) return;
    const problem = paramValueProblem('', { type: spec.type, pattern: spec.pattern }, spec.default);
    if (problem) ctx.addIssue({ code: 'custom', path: ['default'], message: problem.replace(/^parameter "" /, '') });
  })
  .nullable();
const hostSpec = z
  .object({ description: text.optional(), many: bool.optional() }, { error: 'expected { description, many }' })
  .strict()
  .nullable();

export const frontMatterSchema = z
  .object({
    id: z
      .string({ error: 'expected an id of a-z, 0-9 and "-"' })
      .regex(ID_PATTERN, { error: (i) => `expected an id of a-z, 0-9 and "-" (got "${String(i.input)}")` })
      .max(API_LIMITS.id, { error: (i) => tooLong(String(i.input).length, API_LIMITS.id) }),
    title: text.trim().min(1, { error: 'expected a non-empty title' }),
    version: z
      .string({
        error: (i) =>
          typeof i.input === 'number'
            ? `expected a semantic version like 2.1.0 (got the number ${i.input}; write MAJOR.MINOR.PATCH)`
            : 'expected a semantic version like 2.1.0',
      })
      .refine(isSemver, { error: (i) => `expected a semantic version like 2.1.0 (got "${String(i.input)}")` })
      .refine((v) => v.length <= API_LIMITS.version, { error: (i) => tooLong(String(i.input).length, API_LIMITS.version) }),
    owner: text.optional(),
    description: text.optional(),
    tags: z.array(text, { error: 'expected a list of tags, e.g. [database, critical]' }).optional(),
    rto: duration.optional(),
    rpo: duration.optional(),
    params: z
      .record(z.string(), paramSpec, {
        error: 'expected a mapping of parameter names to { description, required, default, type, pattern }',
      })
      .optional(),
    hosts: z.record(z.string(), hostSpec, { error: 'expected a mapping of host roles to { description, many }' }).optional(),
    drill: drill.optional(),
    controls: controls.optional(),
  })
  .strict();

export type RawFrontMatter = z.infer<typeof frontMatterSchema>;
export const FRONT_MATTER_KEYS = Object.keys(frontMatterSchema.shape);
