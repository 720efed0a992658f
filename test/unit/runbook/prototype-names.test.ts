// Parameter names and host roles are the writer's words, not JavaScript's: names that are also
// properties of every object (`constructor`, `toString`) work like any other, and `__proto__`,
// which JSON and zod records cannot carry, is refused by lint.
import { describe, expect, it } from 'vitest';
import { resolveBindings } from '../../../core/inventory/bind';
import { resolveParams } from '../../../core/run/start-params';
import { stepTargets } from '../../../core/run/step-plan';
import type { RunState } from '../../../core/run/state';
import { parseRunbook } from '../../../core/runbook/parse';
import { errorsOf } from './fixtures';

const source = (params: string, hosts: string) =>
  `---\nid: p\ntitle: P\nversion: 1.0.0\nparams:\n${params}\nhosts:\n${hosts}\n---\n# P\n## S\n\`\`\`bash {host=constructor}\necho {{constructor}} {{toString}}\n\`\`\`\n`;

const good = () => {
  const r = parseRunbook(
    source('  constructor: { default: c }\n  toString: { required: true }', '  constructor: {}\n  toString: { many: true }'),
    'p.md',
  );
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.runbook;
};

describe('names that are also object properties', () => {
  it('lint refuses __proto__ as a parameter or a host role, at the name', () => {
    expect(
      errorsOf(source('  __proto__: { default: x }\n  constructor: {}\n  toString: {}', '  __proto__: {}\n  constructor: {}')),
    ).toEqual([
      '6:3: parameter name "__proto__" is reserved (JavaScript objects cannot hold it as a name); choose another name',
      '10:3: host role "__proto__" is reserved (JavaScript objects cannot hold it as a name); choose another name',
    ]);
  });

  it('parameters named constructor and toString get their values', () => {
    const rb = good();
    expect(resolveParams(rb, { toString: 't' })).toEqual({ constructor: 'c', toString: 't' });
    expect(() => resolveParams(rb, {})).toThrow('missing required parameter "toString"');
    expect(() => resolveParams(rb, { toString: 't', hasOwnProperty: 'x' })).toThrow('unknown parameter "hasOwnProperty"');
  });

  it('a host role named constructor is unbound until bound, not "not iterable"', () => {
    const rb = good();
    const step = rb.phases[0]!.steps[0]!;
    expect(() => stepTargets({ bindings: {} } as unknown as RunState, step)).toThrow(
      'runs on host role "constructor", but this run has no host bound to it',
    );
    expect(stepTargets({ bindings: { constructor: ['db1'] } } as unknown as RunState, step)).toEqual(['db1']);
  });

  it('bindings check roles by name, not by what every object has', () => {
    const rb = good();
    const inv = {
      hosts: new Map([['db1', { name: 'db1', address: 'db1', port: 22, user: 'u', identities: [], jump: [], groups: [], origin: 't' }]]),
      knownHosts: '',
    };
    expect(resolveBindings(inv, rb.hosts, { constructor: ['db1'] })).toEqual({
      ok: false,
      errors: ['role "toString" is not bound to a host: every role the runbook declares needs its host(s)'],
    });
    expect(resolveBindings(inv, { db: { many: false } }, { db: ['db1'], valueOf: ['db1'] })).toMatchObject({
      ok: false,
      errors: [expect.stringMatching(/^the runbook has no host role "valueOf" \(it declares db\)/)],
    });
    expect(resolveBindings(inv, rb.hosts, { hasOwnProperty: ['db1'], constructor: ['db1'], toString: ['db1'] })).toMatchObject({
      ok: false,
      errors: [expect.stringMatching(/has no host role "hasOwnProperty"/)],
    });
  });
});

describe('step and phase ids that are also object properties', () => {
  it('lint refuses the id "constructor", given or derived from a title, at file:line:col', () => {
    const rb =
      '---\nid: c\ntitle: C\nversion: 1.0.0\n---\n\n# Constructor {budget=10m}\n\n- [ ] Look {id=constructor}\n- [ ] Constructor\n\n# Go {budget=5m}\n\n- [ ] Fine\n';
    expect(errorsOf(rb)).toEqual([
      '7:1: phase "Constructor" would have the id "constructor", a name the app reserves: add a word to its title',
      '9:16: step id "constructor" is a name the app reserves: choose another',
      '10:1: step id "constructor" is a name the app reserves: give it an {id=...}',
    ]);
    const fine =
      '---\nid: c\ntitle: C\nversion: 1.0.0\n---\n\n# Build the constructor {budget=10m}\n\n- [ ] Check {id=constructor-check}\n';
    expect(errorsOf(fine)).toEqual([]);
  });
});
