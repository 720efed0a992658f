// Resolves an open request (core/runbook/open-link.ts) against the library: the version (the
// newest valid one unless given) and every parameter declared, else one message saying which.
// Shared by `drillbook open` and the desktop app's drillbook:// links.
import type { LibraryOutputs } from './library-contract';
import type { Runbook } from './model';
import { startRoute, type OpenRequest, type Parsed } from './open-link';

export interface RunbookSource {
  listRunbooks(): Promise<LibraryOutputs['listRunbooks']>;
  getRunbook(i: { id: string; version: string }): Promise<{ runbook: Runbook }>;
}

/** The start route for `req` in this library: the version resolved, every parameter declared. */
export async function resolveRoute(source: RunbookSource, req: OpenRequest, who = 'drillbook open'): Promise<Parsed<string>> {
  const fail = (error: string): Parsed<string> => ({ ok: false, error: `${who}: ${error}` });
  const library = await source.listRunbooks();
  const group = library.groups.find((g) => g.id === req.id);
  if (!group) {
    const ids = library.groups.map((g) => g.id);
    return fail(
      `no runbook "${req.id}" in the library${ids.length ? ` (it has: ${ids.slice(0, 10).join(', ')}${ids.length > 10 ? ', …' : ''})` : ''}`,
    );
  }
  const entry = req.version ? group.versions.find((v) => v.version === req.version) : group.versions.find((v) => v.valid);
  if (!entry)
    return fail(
      `"${req.id}" has no version ${req.version ?? 'that is valid'} (versions: ${group.versions.map((v) => v.version).join(', ')})`,
    );
  if (!entry.valid) return fail(`${req.id}@${entry.version} is invalid (${entry.file}); run \`drillbook lint ${entry.file}\``);
  const { runbook } = await source.getRunbook({ id: req.id, version: entry.version });
  const unknown = Object.keys(req.params).filter((k) => !(k in runbook.params));
  if (unknown.length) {
    const declared = Object.keys(runbook.params);
    return fail(
      `${req.id}@${entry.version} has no parameter ${unknown.map((k) => `"${k}"`).join(', ')} (it declares: ${declared.join(', ') || 'none'})`,
    );
  }
  return { ok: true, value: startRoute(req, entry.version) };
}
