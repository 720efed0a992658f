// Picks the host: Electron's preload exposes window.drillbook; otherwise we are in browser mode
// and talk to the local server over a WebSocket on the page's own origin, with the access token
// from credential.ts (none: the caller shows the "not authorised" screen).
import type { Bridge } from '../../core/api';
import { createApiClient, type ApiClient } from './client';
import { forgetToken, obtainToken, tokenStillValid } from './credential';
import { connectWebSocket, wsUrl, type ConnectionStatus } from './ws.bridge';

declare global {
  interface Window {
    drillbook?: Bridge;
  }
}

export interface Connection {
  api: ApiClient;
  status(): ConnectionStatus;
  onStatus(l: (s: ConnectionStatus) => void): () => void;
}

export async function connect(): Promise<Connection | undefined> {
  if (window.drillbook) {
    // IPC to the main process does not drop like a socket: always "open".
    return { api: createApiClient(window.drillbook), status: () => 'open', onStatus: () => () => {} };
  }
  const token = await obtainToken();
  if (!token) return undefined;
  const stillValid = async () => {
    const valid = await tokenStillValid(token);
    if (valid === false) forgetToken();
    return valid;
  };
  const bridge = connectWebSocket(wsUrl(window.location), WebSocket, { token, stillValid });
  return { api: createApiClient(bridge), status: bridge.status, onStatus: bridge.onStatus };
}

export type { ApiClient, ConnectionStatus };
