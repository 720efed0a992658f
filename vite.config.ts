import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer is loaded from files by Electron and from the local server in browser mode, so
// asset URLs must be relative (base './'). Nothing is inlined: the CSP allows only 'self'.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // Inlined assets would become data: URLs, which the CSP does not allow for scripts/styles.
    assetsInlineLimit: 0,
    sourcemap: true,
  },
});
