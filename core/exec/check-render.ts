// Parameter substitution for s3-check bodies (YAML). The YAML is parsed first and `{{name}}` is
// replaced inside string values only, then the document is written back: a value is always
// string content and can never add a key, end a quote or change a rule (`x"\nmax_age: 999d`).
import { isScalar, parseDocument, visit } from 'yaml';
import { paramRefs } from '../runbook/params';
import { RenderError } from './command-render';

export function renderCheckBody(body: string, params: Readonly<Record<string, string>>, stepId = '?'): string {
  if (paramRefs(body).length === 0) return body;
  const doc = parseDocument(body);
  if (doc.errors.length) throw new RenderError(`step "${stepId}": its s3-check block is not valid YAML: ${doc.errors[0]!.message}`);
  visit(doc, {
    Scalar(_key, node) {
      if (!isScalar(node) || typeof node.value !== 'string' || paramRefs(node.value).length === 0) return;
      let out = '';
      let at = 0;
      for (const ref of paramRefs(node.value)) {
        if (!Object.hasOwn(params, ref.name))
          throw new RenderError(`step "${stepId}": {{${ref.name}}} has no value: the run has no parameter "${ref.name}"`);
        out += node.value.slice(at, ref.index) + params[ref.name];
        at = ref.end;
      }
      node.value = out + node.value.slice(at);
    },
  });
  return doc.toString();
}
