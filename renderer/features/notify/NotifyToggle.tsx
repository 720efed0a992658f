// Settings → Notifications. In browser mode a "Notify me" switch: the browser asks for permission
// on this click (never unprompted). The desktop app notifies through the system by itself.
import { useState } from 'react';
import { enableNotifications, notifyEnabled, notifySupport, setNotifyEnabled, type NotifySupport } from './browser-notify';

const WHAT = 'when a phase of an open run turns late, and before the RTO is breached (projected), once per event';

export function NotifyToggle() {
  const [support, setSupport] = useState<NotifySupport>(() => notifySupport());
  const [on, setOn] = useState(() => notifyEnabled() && support === 'granted');
  const toggle = async (want: boolean) => {
    if (!want) return (setNotifyEnabled(false), setOn(false));
    const after = await enableNotifications();
    setSupport(after);
    setOn(after === 'granted');
  };
  return (
    <section className="card notify-settings" aria-labelledby="notify-title">
      <h3 id="notify-title">Notifications</h3>
      {support === 'desktop-app' ? (
        <p>The desktop app shows a system notification {WHAT}.</p>
      ) : support === 'unsupported' ? (
        <p>This browser has no notifications; the RTO clock on the run screen still shows every warning.</p>
      ) : (
        <>
          <label>
            <input type="checkbox" checked={on} onChange={(e) => void toggle(e.target.checked)} disabled={support === 'denied'} /> Notify me{' '}
            {WHAT}
          </label>
          <p className="muted" role="status">
            {support === 'denied'
              ? 'Notifications are blocked for this page in the browser settings; allow them there to turn this on.'
              : on
                ? 'On for this browser.'
                : 'Off. Turning it on asks the browser for permission.'}
          </p>
        </>
      )}
    </section>
  );
}
