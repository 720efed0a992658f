// `window.drillbook` as the renderer sees it. Optional: in browser mode there is no preload and
// the renderer talks WebSocket instead (same Bridge shape).
import type { DrillbookBridge } from './preload';

declare global {
  interface Window {
    drillbook?: DrillbookBridge;
  }
}

export {};
