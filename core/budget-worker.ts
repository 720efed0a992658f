// One worker thread running one job at a time, each with a time budget: a job still running when
// its budget ends is stopped (the worker is terminated; the next job starts a new one), so one
// hostile input can hold neither the engine's event loop nor the worker. The budget is the job's
// own time, not its time in the queue. The library's parser (runbook/parse-pool.ts) and the
// importer (import/import-off-thread.ts) each have one.
//
// The worker's side: on `{ id, request }` it answers `{ id, result }`, and posts 'ready' once
// loaded.
import { Worker } from 'node:worker_threads';

export type JobOutcome<R> =
  | { ok: true; result: R }
  /** over-budget: stopped; failed: the worker crashed on it (message); no-worker: none could start. */
  | { ok: false; why: 'over-budget' | 'failed' | 'no-worker'; message?: string };

interface Job<Q, R> {
  request: Q;
  budgetMs: number;
  resolve: (o: JobOutcome<R>) => void;
}

export class BudgetWorker<Q, R> {
  private worker?: Worker;
  private ready?: Promise<boolean>;
  private readonly queue: Job<Q, R>[] = [];
  private busy = false;
  private nextId = 1;
  /** Jobs handed to a worker: what cache tests count. */
  jobs = 0;
  /** Whether this process has started a worker (it may be replaced since, or idle). */
  started = false;

  /** `entry`: the worker module (asked each time one starts). */
  constructor(private readonly entry: () => URL) {}

  /** Starts the worker now, so its start-up overlaps the caller's own. */
  warm(): void {
    this.ready ??= this.start();
  }

  run(request: Q, budgetMs: number): Promise<JobOutcome<R>> {
    return new Promise((resolve) => {
      this.queue.push({ request, budgetMs, resolve });
      void this.pump();
    });
  }

  private start(): Promise<boolean> {
    this.started = true;
    const worker = new Worker(this.entry());
    worker.unref(); // an idle worker must not keep a CLI alive
    this.worker = worker;
    return new Promise((resolve) => {
      worker.once('message', (m) => resolve(m === 'ready'));
      worker.once('error', () => resolve(false));
      worker.once('exit', () => resolve(false));
    });
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      for (let job = this.queue.shift(); job; job = this.queue.shift()) job.resolve(await this.one(job));
    } finally {
      this.busy = false;
    }
  }

  private async one(job: Job<Q, R>): Promise<JobOutcome<R>> {
    this.ready ??= this.start();
    if (!(await this.ready)) {
      this.ready = undefined;
      return { ok: false, why: 'no-worker' };
    }
    const worker = this.worker!;
    const id = this.nextId++;
    this.jobs++;
    return new Promise((resolve) => {
      const done = (o: JobOutcome<R>) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        resolve(o);
      };
      const replace = () => {
        this.ready = undefined;
        void worker.terminate();
      };
      const timer = setTimeout(() => (replace(), done({ ok: false, why: 'over-budget' })), job.budgetMs);
      const onMessage = (m: { id: number; result: R }) => {
        if (m.id === id) done({ ok: true, result: m.result });
      };
      const onError = (e: Error) => (replace(), done({ ok: false, why: 'failed', message: e.message }));
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.postMessage({ id, request: job.request });
    });
  }
}
