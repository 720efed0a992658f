// Unsaved changes are not lost by a click elsewhere: the app asks before leaving the screen, and
// in browser mode the browser asks before a reload or closing the tab. (Electron would cancel
// closing the window silently on beforeunload, so there only in-app navigation asks.)
import { useCallback, useEffect, useRef } from 'react';
import { guardLeaving } from '../../router';

/** Returns `release`: call it before navigating away on purpose (after a save). */
export function useLeaveGuard(dirty: boolean): () => void {
  const released = useRef(false);
  useEffect(() => {
    if (!dirty) return;
    released.current = false;
    const removeGuard = guardLeaving(() => !released.current);
    const onUnload = (e: BeforeUnloadEvent) => {
      if (!released.current) e.preventDefault();
    };
    if (!window.drillbook) window.addEventListener('beforeunload', onUnload);
    return () => {
      removeGuard();
      window.removeEventListener('beforeunload', onUnload);
    };
  }, [dirty]);
  return useCallback(() => {
    released.current = true;
  }, []);
}
