// "system" leaves the choice to prefers-color-scheme in CSS; light/dark pin it on <html>.
import { useEffect } from 'react';
import type { Settings } from '../../../core/api';

export function useTheme(theme: Settings['theme']): void {
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') delete root.dataset.theme;
    else root.dataset.theme = theme;
  }, [theme]);
}
