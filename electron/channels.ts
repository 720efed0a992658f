// The only two IPC channels between the renderer and the main process. Shared by preload.ts
// and ipc.ts so the names cannot drift; kept free of imports so the preload bundle stays tiny.
export const INVOKE_CHANNEL = 'drillbook:invoke';
export const EVENT_CHANNEL = 'drillbook:event';
