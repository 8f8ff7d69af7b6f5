/**
 * Where tasks run: in this thread (with the descriptors the caller passed) or
 * on a pool of worker threads (which look descriptors up by name among the
 * user's modules they import by path, then in the registry, harness/run/worker.ts). Either way results are values; the
 * runner orders them by seed, so the output does not depend on the executor.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SubsystemDescriptor } from '../subsystems/descriptor.js';
import { executeTask, type Task, type TaskResult } from './task.js';
import type { WorkerReply, WorkerStart } from './worker.js';

/** Runs tasks, up to `capacity` at a time. */
export interface Executor {
  readonly capacity: number;
  run(task: Task): Promise<TaskResult>;
  close(): Promise<void>;
}

/** Runs tasks one at a time in this thread, yielding to the event loop between them. */
export function inProcessExecutor(descriptors: readonly SubsystemDescriptor[]): Executor {
  const lookup = (name: string): SubsystemDescriptor => {
    const d = descriptors.find((x) => x.name === name);
    if (d === undefined) throw new Error(`no descriptor named "${name}" was given to the runner`);
    return d;
  };
  return {
    capacity: 1,
    run: (task) => new Promise((resolve, reject) => setImmediate(() => {
      try {
        resolve(executeTask(task, lookup));
      } catch (e) {
        reject(e as Error);
      }
    })),
    close: async () => {},
  };
}

/**
 * Starts one worker on worker.js; from TypeScript sources (tests, `tsx`) on
 * worker.ts through tsx's loader, registered inside the worker by a bootstrap
 * (`--import tsx` in a worker's execArgv is not honoured by Node 20).
 */
function startWorker(start: WorkerStart): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./worker.js', import.meta.url), { workerData: start });
  const entry = new URL('./worker.ts', import.meta.url).href;
  // require.resolve picks the CommonJS build; the loader API must be the ESM one beside it.
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true, workerData: start });
}

/**
 * A pool of `n` worker threads running harness/run/worker.ts, two tasks in flight per worker; each
 * imports the user's descriptor modules at `modules` (absolute paths) before its first task.
 */
export function workerExecutor(n: number, modules: readonly string[] = []): Executor {
  const workers = Array.from({ length: n }, () => startWorker({ modules }));
  const waiting = new Map<number, { resolve: (r: TaskResult) => void; reject: (e: Error) => void }>();
  const load = workers.map(() => 0);
  let nextId = 0;
  workers.forEach((w, i) => {
    w.on('message', (m: WorkerReply) => {
      load[i] = (load[i] ?? 1) - 1;
      const p = waiting.get(m.id);
      waiting.delete(m.id);
      if (p === undefined) return;
      if (m.result !== undefined) p.resolve(m.result);
      else p.reject(new Error(m.error ?? 'worker failed'));
    });
    w.on('error', (e) => {
      for (const p of waiting.values()) p.reject(e);
      waiting.clear();
    });
  });
  return {
    capacity: 2 * n,
    run(task) {
      let best = 0;
      for (let i = 1; i < n; i++) if ((load[i] ?? 0) < (load[best] ?? 0)) best = i;
      load[best] = (load[best] ?? 0) + 1;
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        (workers[best] as Worker).postMessage({ id, task });
      });
    },
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
