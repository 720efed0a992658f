// drillbook:// links in the desktop app (registered as the scheme's handler when packaged): the
// link from the command line of the first or a second instance, or macOS's open-url, brings up
// the start form pre-filled (core/runbook/open-link.ts, the same checks as `drillbook open`).
// Nothing starts by itself; a malformed link gets a dialog saying what is wrong.
import { parseOpenLink } from '../core/runbook/open-link';
import { resolveRoute, type RunbookSource } from '../core/runbook/open-resolve';

export const LINK_SCHEME = 'drillbook';

/** The drillbook:// link among a process's arguments, if any. */
export const linkIn = (argv: readonly string[]): string | undefined => argv.find((a) => a.startsWith(`${LINK_SCHEME}://`));

/** Shows the start route for `link`, or tells why there is none. */
export async function openLink(
  source: RunbookSource,
  link: string,
  show: (route: string) => void,
  refuse: (message: string) => void,
): Promise<void> {
  const req = parseOpenLink(link);
  if (!req.ok) return refuse(req.error);
  const route = await resolveRoute(source, req.value, 'drillbook link');
  if (!route.ok) return refuse(route.error);
  show(route.value);
}
