// Load inventory.yaml (errors as file:line:col) and merge in ~/.ssh/config hosts it does not list.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SourceError } from '../runbook/model';
import { Diagnostics, SourceText, sortErrors } from '../runbook/source';
import { YamlSnippet, type Path } from '../runbook/yaml-doc';
import { expandPath } from './home';
import type { Inventory, InventoryHost } from './model';
import { HOST_KEYS, TOP_KEYS, YAML_SYNTAX_HINT, inventoryFileSchema } from './schema';
import { importSshConfig } from './ssh-config';

export interface LoadInventoryOptions {
  /** inventory.yaml; a missing file is an empty inventory (hosts may all come from ssh config). */
  file: string;
  /** ~/.ssh/config to import hosts from; false: none. Default: ~/.ssh/config when it exists. */
  sshConfig?: string | false;
  home?: string;
}

export type LoadInventoryResult = { ok: true; inventory: Inventory; warnings: string[] } | { ok: false; errors: SourceError[] };

const label = (p: Path) => p.join('.');

const NOT_YAML = 'inventory is not valid YAML: ';

/**
 * One error for a YAML syntax error: where the parser first stopped and what it said. Once it is
 * lost, the parser reports every token after that point (one bad indent: dozens of errors), and
 * a half-parsed document is not checked against the schema, so the first is the only true one.
 */
function syntaxError(errors: readonly SourceError[]): SourceError {
  const first = sortErrors(errors)[0]!;
  if (!first.message.startsWith(NOT_YAML)) return first;
  return {
    ...first,
    message: `${first.message} ${YAML_SYNTAX_HINT}`,
  };
}

export function parseInventory(
  text: string,
  file: string,
  home: string = os.homedir(),
  /** Host names defined elsewhere (~/.ssh/config) that `jump:` may name. */
  externalHosts: ReadonlySet<string> = new Set(),
): LoadInventoryResult {
  const src = new SourceText(file, text);
  const diag = new Diagnostics(src);
  const yaml = new YamlSnippet(text, (o) => src.pos(o), diag, 'inventory');
  if (!yaml.ok) return { ok: false, errors: [syntaxError(diag.errors)] };
  const parsed = inventoryFileSchema.safeParse(yaml.value ?? {});
  if (!parsed.success) {
    yaml.reportIssues(parsed.error.issues, {
      unknownKey: (p, key) => (p.length === 0 ? `unknown inventory key "${key}"` : `unknown key "${key}" in ${label(p)}`),
      keysAt: (p) => (p.length === 0 ? TOP_KEYS : p[0] === 'hosts' && p.length === 2 ? HOST_KEYS : []),
      missingKey: (p, key) => `${label(p)}: missing required key "${key}"`,
      label,
    });
    return { ok: false, errors: sortErrors(diag.errors) };
  }
  const base = path.dirname(path.resolve(file));
  const hosts = new Map<string, InventoryHost>();
  for (const [name, h] of Object.entries(parsed.data.hosts ?? {})) {
    const { line, column } = src.pos(yaml.keyOffset(['hosts'], name));
    const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : v.split(',').map((s) => s.trim()));
    if (name === 'local') diag.at(yaml.keyOffset(['hosts'], name), `host name "local" is reserved for the commander's machine`);
    hosts.set(name, {
      name,
      address: h.address,
      port: h.port ?? 22,
      user: h.user,
      identities: list(h.identity).map((p) => expandPath(p, base, home)),
      jump: list(h.jump),
      groups: h.groups ?? [],
      origin: `${file}:${line}:${column}`,
    });
  }
  for (const h of hosts.values()) {
    h.jump.forEach((j, i) => {
      if (hosts.has(j) || externalHosts.has(j)) return;
      const at = yaml.offsetOf(['hosts', h.name, 'jump', ...(Array.isArray(parsed.data.hosts?.[h.name]?.jump) ? [i] : [])]);
      diag.at(at, `jump host "${j}" of ${h.name} is not in the inventory`);
    });
  }
  if (diag.errors.length > 0) return { ok: false, errors: sortErrors(diag.errors) };
  const knownHosts = expandPath(parsed.data.known_hosts ?? '~/.ssh/known_hosts', base, home);
  return {
    ok: true,
    inventory: { hosts, knownHosts, ...(parsed.data.s3 !== undefined ? { s3: parsed.data.s3 } : {}) },
    warnings: diag.warnings.map((w) => `${w.file}:${w.line}:${w.column}: ${w.message}`),
  };
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/**
 * The last load's inputs and result. A run reads the files afresh several times (binding,
 * planning, connecting) so an edit is always seen; when the bytes are the same, so is the
 * inventory, and the YAML is not parsed again. Callers never change an inventory.
 */
let last: { key: readonly (string | undefined)[]; result: LoadInventoryResult } | undefined;

export async function loadInventory(opts: LoadInventoryOptions): Promise<LoadInventoryResult> {
  const home = opts.home ?? os.homedir();
  const text = (await readIfExists(opts.file)) ?? '';
  const sshFile = opts.sshConfig === false ? undefined : (opts.sshConfig ?? path.join(home, '.ssh', 'config'));
  const sshText = sshFile ? await readIfExists(sshFile) : undefined;
  const key = [opts.file, text, sshFile, sshText, home];
  if (last && last.key.every((k, i) => k === key[i])) return last.result;
  const result = merged(text, opts.file, home, sshFile, sshText);
  last = { key, result };
  return result;
}

function merged(text: string, file: string, home: string, sshFile: string | undefined, sshText: string | undefined): LoadInventoryResult {
  const imported = sshFile && sshText !== undefined ? importSshConfig(sshText, sshFile, home) : { hosts: [], warnings: [] };
  const result = parseInventory(text, file, home, new Set(imported.hosts.map((h) => h.name)));
  if (!result.ok) return result;
  // inventory.yaml wins over ~/.ssh/config for a name both define.
  for (const h of imported.hosts) if (!result.inventory.hosts.has(h.name)) result.inventory.hosts.set(h.name, h);
  return { ...result, warnings: [...result.warnings, ...imported.warnings] };
}
