// Worker entry when running from the TypeScript sources (tsx, vitest): a worker thread starts
// without the parent's loaders, so it registers tsx itself before loading the real worker.
import { register } from 'tsx/esm/api';

register();
await import('./import-worker.ts');
