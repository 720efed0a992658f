// How large one request to the engine may be on a transport that needs a bound (the browser
// host's WebSocket): the biggest text a method takes (an import's document, MAX_IMPORT_BYTES
// UTF-16 units) at its worst JSON encoding (`\u0000`: 6 bytes a unit), plus room for the rest of
// the message. So every request the contract accepts fits, and a frame bigger than this could
// only be refused anyway. Bounded because the server holds a whole frame in memory.
import { MAX_IMPORT_BYTES } from './runbook/limits';

export const MAX_REQUEST_BYTES = 6 * MAX_IMPORT_BYTES + 64 * 1024;

const MB = 1024 * 1024;

/** Why `json` may not be sent, or undefined when it fits. */
export function requestTooLarge(json: string): string | undefined {
  // UTF-8 needs at most 3 bytes per UTF-16 unit: most requests need no count at all.
  if (json.length * 3 <= MAX_REQUEST_BYTES) return undefined;
  const bytes = new TextEncoder().encode(json).length;
  if (bytes <= MAX_REQUEST_BYTES) return undefined;
  return `this request is ${(bytes / MB).toFixed(1)} MB, more than the ${Math.floor(MAX_REQUEST_BYTES / MB)} MB one request may carry; nothing was sent`;
}
