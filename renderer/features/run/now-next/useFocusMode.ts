// Focus mode is the commander's choice for this screen, remembered in this browser (or app
// window) across reloads; it changes what is shown, never what is recorded.
import { useCallback, useState } from 'react';

const KEY = 'drillbook.focusMode';

function read(): boolean {
  try {
    return window.localStorage.getItem(KEY) === 'on';
  } catch {
    return false;
  }
}

export function useFocusMode(): [boolean, () => void] {
  const [on, setOn] = useState(read);
  const toggle = useCallback(() => {
    setOn((was) => {
      try {
        window.localStorage.setItem(KEY, was ? 'off' : 'on');
      } catch {
        // Storage refused (private window): the mode still applies until the page closes.
      }
      return !was;
    });
  }, []);
  return [on, toggle];
}
