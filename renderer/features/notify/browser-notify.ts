// Browser mode's notifications (the desktop app notifies from its main process instead): the web
// Notification API, only after the user turned it on in Settings (the permission prompt comes
// from that click) and only while permission is granted. What was sent is kept per run in
// localStorage, so a reload does not notify the same late phase again.
const ENABLED_KEY = 'drillbook.notify';
const SENT_KEY = (runId: string) => `drillbook.notified.${runId}`;

export type NotifySupport = 'desktop-app' | 'unsupported' | 'default' | 'granted' | 'denied';

export function notifySupport(win: Window = window): NotifySupport {
  if (win.drillbook) return 'desktop-app';
  const api = (win as Window & { Notification?: typeof Notification }).Notification;
  return api ? api.permission : 'unsupported';
}

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined; // storage disabled: the toggle lasts for this page only
  }
}

let enabledInMemory = false;

export function notifyEnabled(): boolean {
  return storage()?.getItem(ENABLED_KEY) === 'on' || enabledInMemory;
}

export function setNotifyEnabled(on: boolean): void {
  enabledInMemory = on;
  const s = storage();
  if (!s) return;
  if (on) s.setItem(ENABLED_KEY, 'on');
  else s.removeItem(ENABLED_KEY);
}

/** Turns notifications on from a click: asks for permission; returns the state after. */
export async function enableNotifications(): Promise<NotifySupport> {
  const support = notifySupport();
  if (support === 'desktop-app' || support === 'unsupported') return support;
  const permission = support === 'default' ? await window.Notification.requestPermission() : support;
  setNotifyEnabled(permission === 'granted');
  return permission;
}

export function sentFor(runId: string): Set<string> {
  try {
    const raw = storage()?.getItem(SENT_KEY(runId));
    const list: unknown = raw ? JSON.parse(raw) : [];
    return new Set(Array.isArray(list) ? list.filter((k): k is string => typeof k === 'string') : []);
  } catch {
    return new Set();
  }
}

export function rememberSent(runId: string, sent: Set<string>): void {
  try {
    storage()?.setItem(SENT_KEY(runId), JSON.stringify([...sent]));
  } catch {
    // not remembered: at worst a reload notifies once more
  }
}

/** Shows one notification; false when the browser refused (no permission, no support). */
export function showBrowserNotification(title: string, body: string, tag: string, onClick?: () => void): boolean {
  if (notifySupport() !== 'granted' || !notifyEnabled()) return false;
  try {
    const n = new window.Notification(title, { body, tag });
    n.onclick = () => {
      window.focus();
      onClick?.();
    };
    return true;
  } catch {
    return false; // e.g. Chrome on Android needs a service worker: the clock on screen still says it
  }
}
