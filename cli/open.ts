// `drillbook open RUNBOOK_ID[@VERSION] [--param K=V] [--mode incident] [--t0 ISO]`, or the same as
// a `drillbook://open?...` link: browser mode on that runbook's start form, pre-filled. It never
// starts a run: the commander reads the form and presses Start. The request is checked before
// any server starts (the id, version and parameters against the library), with one clear line.
import { parseArgs } from 'node:util';
import { openRequest, parseOpenLink, type OpenRequest, type Parsed } from '../core/runbook/open-link';
import { resolveRoute } from '../core/runbook/open-resolve';

export { resolveRoute };
import type { Io } from './io';

export const openUsage = `Usage: drillbook open RUNBOOK_ID[@VERSION] [--param K=V]... [--mode drill|incident] [--t0 ISO]
       drillbook open 'drillbook://open?runbook=ID[@VERSION]&param=K=V&mode=incident&t0=ISO'
         [--port N] [--no-open] [--data-dir DIR]

Browser mode on the runbook's start form, pre-filled (newest valid version unless @VERSION).
Nothing starts until you press Start. Prints the URL like \`drillbook serve\`.`;

/** The request from the command line: a link or an id with options (not both). */
export function requestFromArgs(argv: string[]): Parsed<{ req: OpenRequest; serveArgs: string[] }> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        param: { type: 'string', multiple: true, default: [] },
        mode: { type: 'string' },
        t0: { type: 'string' },
        port: { type: 'string' },
        'no-open': { type: 'boolean', default: false },
        'data-dir': { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    return { ok: false, error: `drillbook open: ${(err as Error).message}` };
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1)
    return { ok: false, error: `drillbook open: expected one RUNBOOK_ID[@VERSION] or drillbook:// link\n${openUsage}` };
  const target = positionals[0]!;
  const serveArgs = [
    ...(values.port !== undefined ? ['--port', values.port] : []),
    ...(values['no-open'] ? ['--no-open'] : []),
    ...(values['data-dir'] !== undefined ? ['--data-dir', values['data-dir']] : []),
  ];
  let req: Parsed<OpenRequest>;
  if (target.includes('://')) {
    if (values.param.length || values.mode !== undefined || values.t0 !== undefined)
      return {
        ok: false,
        error: 'drillbook open: a drillbook:// link carries its own param, mode and t0; give either the link or the options',
      };
    req = parseOpenLink(target);
  } else req = openRequest(target, values.param, values.mode, values.t0, 'drillbook open');
  return req.ok ? { ok: true, value: { req: req.value, serveArgs } } : req;
}

export async function open(argv: string[], io: Io): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) return (io.out(openUsage), 0);
  const args = requestFromArgs(argv);
  if (!args.ok) return (io.err(args.error), 2);
  const { serve } = await import('./serve');
  return serve(args.value.serveArgs, io, (engine) => resolveRoute(engine, args.value.req));
}
