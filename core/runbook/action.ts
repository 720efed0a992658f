// A `##` step's action block: ```bash/```sh {host=ROLE timeout=...} or ```s3-check. Positions
// inside the block body are mapped back to file lines and columns (a fence may be indented).
import type { Code } from 'mdast';
import type { StepAction } from './model';
import type { ParamValues } from './front-matter';
import type { Diagnostics, SourceText } from './source';
import { checkS3Defaults } from './s3-check-defaults';
import { parseAttrList } from './attributes';
import { bodyMapper, type ToFile } from './body-position';
import { checkCommandRefs } from './command-refs';
import { paramRefs } from './params';
import { S3_CHECK_KEYS, s3CheckSchema } from './s3-check';
import { codeAttrs } from './step-attrs';
import { didYouMean } from './suggest';
import { YamlSnippet } from './yaml-doc';

export interface Declared {
  paramNames?: Set<string>;
  hostRoles?: Set<string>;
  paramValues?: ParamValues;
}

const COMMAND_LANGS = ['bash', 'sh'];
export const isActionLang = (lang: string | null | undefined) => lang === 's3-check' || COMMAND_LANGS.includes(lang ?? '');

function checkRefs(body: string, toFile: ToFile, d: Declared, diag: Diagnostics): void {
  if (!d.paramNames) return;
  for (const ref of paramRefs(body)) {
    if (d.paramNames.has(ref.name)) continue;
    const { line, column } = toFile(ref.index);
    diag.atPos(
      line,
      column,
      `undeclared parameter "{{${ref.name}}}"${didYouMean(ref.name, d.paramNames)}; declare it under params: in the front matter`,
    );
  }
}

export function readAction(code: Code, src: SourceText, declared: Declared, diag: Diagnostics): StepAction {
  const start = code.position!.start;
  const fenceOffset = start.offset!;
  const lang = code.lang!;
  let raw: ReturnType<typeof parseAttrList> = [];
  let badMeta = false;
  if (code.meta) {
    const lineText = src.lineText(start.line);
    const metaCol = lineText.indexOf(code.meta, lineText.indexOf(lang) + lang.length);
    const metaOffset = src.offsetOf(start.line, metaCol + 1);
    const m = /^\{(.*)\}$/.exec(code.meta.trim());
    if (m) raw = parseAttrList(m[1]!, metaOffset + 1, diag);
    else {
      badMeta = true;
      diag.at(metaOffset, `expected {host=ROLE timeout=DURATION} after \`\`\`${lang} (got "${code.meta}")`);
    }
  }
  const toFile = bodyMapper(src, code);
  if (lang === 's3-check') {
    for (const a of raw) diag.at(a.keyOffset, `s3-check blocks take no attributes ("${a.key}"); put timeout= on the ## heading`);
    checkRefs(code.value, toFile, declared, diag);
    const y = new YamlSnippet(code.value, toFile, diag, 's3-check', { line: start.line, column: start.column });
    if (y.ok) {
      const r = s3CheckSchema.safeParse(y.value ?? undefined);
      if (!r.success)
        y.reportIssues(r.error.issues, {
          unknownKey: (_p, key) => `unknown s3-check key "${key}"`,
          missingKey: (_p, key) => `s3-check is missing "${key}"`,
          keysAt: () => S3_CHECK_KEYS,
          label: (p) => (p.length > 0 ? `s3-check "${p.join('.')}"` : 's3-check body'),
        });
      else checkS3Defaults(y, declared.paramValues, diag);
    }
    return { type: 's3-check', body: code.value };
  }
  const attrs = codeAttrs(raw, diag);
  const roles = declared.hostRoles;
  const rolesHint = roles ? `one of: ${[...roles, 'local'].join(', ')}` : 'a front matter host role or local';
  const host = attrs.host;
  if (!host) {
    if (!badMeta) diag.at(fenceOffset, `command block needs a host: \`\`\`${lang} {host=ROLE} where ROLE is ${rolesHint}`);
  } else if (roles && host.value !== 'local' && !roles.has(host.value)) {
    const hint = didYouMean(host.value, [...roles, 'local']);
    diag.at(host.valueOffset, `unknown host role "${host.value}"${hint}; declare it under hosts: in the front matter, or use host=local`);
  }
  if (code.value.trim() === '') diag.at(fenceOffset, 'command block is empty');
  checkRefs(code.value, toFile, declared, diag);
  checkCommandRefs(code.value, toFile, diag);
  const action: StepAction = { type: 'command', lang: lang as 'bash' | 'sh', host: host?.value ?? '', script: code.value };
  if (attrs.timeoutMs !== undefined) action.timeoutMs = attrs.timeoutMs;
  return action;
}
