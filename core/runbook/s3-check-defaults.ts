// An s3-check value made of parameters (`max_age: "{{age}}"`) can only be checked once the
// values are known. The defaults are known now: each such value is checked with them, the way
// renderCheckBody will substitute them, and a bad one is reported at the default.
import { isMap, isScalar } from 'yaml';
import type { ParamValues } from './front-matter';
import { paramRefs } from './params';
import { s3CheckSchema } from './s3-check';
import type { Diagnostics } from './source';
import type { YamlSnippet } from './yaml-doc';

const fields = s3CheckSchema.shape as Record<string, (typeof s3CheckSchema.shape)[keyof typeof s3CheckSchema.shape] | undefined>;

export function checkS3Defaults(y: YamlSnippet, values: ParamValues | undefined, diag: Diagnostics): void {
  const map = y.doc.contents;
  if (!values || !isMap(map)) return;
  for (const pair of map.items) {
    if (!isScalar(pair.key) || !isScalar(pair.value) || typeof pair.value.value !== 'string') continue;
    const key = String(pair.key.value);
    const raw = pair.value.value;
    const refs = paramRefs(raw);
    // A value that needs a parameter only the start can give is checked at the start.
    if (refs.length === 0 || !refs.every((r) => values.has(r.name))) continue;
    let value = '';
    let at = 0;
    for (const r of refs) {
      value += raw.slice(at, r.index) + values.get(r.name)!.value;
      at = r.end;
    }
    value += raw.slice(at);
    const r = fields[key]?.safeParse(value);
    if (!r || r.success) continue;
    const message = r.error.issues[0]!.message.replace(/^expected /, 'expects ');
    const first = values.get(refs[0]!.name)!;
    const line = y.pos(pair.value.range?.[0] ?? 0).line;
    const got = message.includes('(got ') ? message : `${message} (got "${value}")`;
    diag.atPos(first.line, first.column, `default of "${refs[0]!.name}": s3-check "${key}" on line ${line} ${got}`);
  }
}
