// A request the engine has not answered for a while (the engine busy, stuck, or its host
// stopped): said in a banner, so nobody believes a tick landed that has not.
import { useEffect, useState } from 'react';

export const WAIT_NOTICE_MS = 5000;

export function EngineWaitBanner({ since }: { since: number | undefined }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (since === undefined) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [since]);
  if (since === undefined || now - since < WAIT_NOTICE_MS) return null;
  return (
    <div className="banner banner-offline" role="alert">
      Drillbook has not answered for {Math.floor((now - since) / 1000)} s — it may be busy or stuck. What you just did is not saved until it
      answers; do not repeat it yet.
    </div>
  );
}
