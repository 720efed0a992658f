// A process whose only work is the journal scan worker (journal-scan.test.ts): it must wait for
// the worker to start, then end by itself (an idle worker holds nothing open).
import { scanWorker } from '../../../core/run/journal-scan';

const w = await scanWorker();
console.log(w ? 'online' : 'no worker');
