// The application menu. Electron's default menu offers Reload and DevTools in production; a
// reload mid-drill throws away the commander's screen state, so those appear only in development.
import { Menu, type MenuItemConstructorOptions } from 'electron';

export function menuTemplate(isDev: boolean, platform: NodeJS.Platform): MenuItemConstructorOptions[] {
  const devItems: MenuItemConstructorOptions[] = isDev
    ? [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }]
    : [];
  return [
    ...(platform === 'darwin' ? [{ role: 'appMenu' } as const] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' }, // copy/paste of commands and notes
    {
      label: 'View',
      submenu: [
        ...devItems,
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
}

export function installMenu(isDev: boolean): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(isDev, process.platform)));
}
