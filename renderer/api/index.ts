// Picks the host: Electron's preload exposes window.drillbook; otherwise we are in browser mode
// and talk to the local server over a WebSocket on the page's own origin.
import type { Bridge } from '../../core/api';
import { createApiClient, type ApiClient } from './client';
import { createWsBridge, wsUrl, type ConnectionStatus } from './ws.bridge';

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

export function connect(): Connection {
  if (window.drillbook) {
    // IPC to the main process does not drop like a socket: always "open".
    return { api: createApiClient(window.drillbook), status: () => 'open', onStatus: () => () => {} };
  }
  const bridge = createWsBridge(wsUrl(window.location));
  return { api: createApiClient(bridge), status: bridge.status, onStatus: bridge.onStatus };
}

export type { ApiClient, ConnectionStatus };
