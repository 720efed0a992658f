// `{{name}}` parameter references in commands and check bodies. Only well-formed names count,
// so Go templates such as `docker inspect --format '{{.State.Running}}'` pass through untouched.

export const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const REF = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Each reference with the index of its opening `{{` and the index after its closing `}}`. */
export function paramRefs(text: string): { name: string; index: number; end: number }[] {
  return [...text.matchAll(REF)].map((m) => ({ name: m[1]!, index: m.index, end: m.index + m[0].length }));
}
