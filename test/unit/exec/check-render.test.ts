// s3-check bodies: parameter values become YAML string content, never structure.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { RenderError } from '../../../core/exec/command-render';
import { renderCheckBody } from '../../../core/exec/check-render';

const body = 'bucket: "{{b}}"\nprefix: "{{p}}base-"\nmax_age: 25h\n';

describe('renderCheckBody', () => {
  it('substitutes inside string values; a value can never add or change a key', () => {
    for (const v of ['prod-backups', 'x"\nmax_age: 999d', 'a: b', '- item', "'q'", '#hash', 'multi\nline', '']) {
      const out = parse(renderCheckBody(body, { b: v, p: v }));
      expect(out).toEqual({ bucket: v, prefix: `${v}base-`, max_age: '25h' });
    }
  });

  it('leaves a body without references byte-identical, and names a missing parameter', () => {
    expect(renderCheckBody('bucket: x # {{.Go}}\n', {})).toBe('bucket: x # {{.Go}}\n');
    expect(() => renderCheckBody(body, { b: 'x' }, 'age')).toThrow(
      new RenderError('step "age": {{p}} has no value: the run has no parameter "p"'),
    );
  });
});
