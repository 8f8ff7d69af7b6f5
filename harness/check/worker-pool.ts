/**
 * Checking partitions in parallel on worker threads. Partitions are dealt to
 * N workers (largest first, to the least loaded); each worker interleaves its
 * share in-process (check-worker.ts), so a hard partition starves neither its
 * neighbours nor the other workers. The first violation ends the check and
 * terminates the other workers. Models travel by name (model-registry.ts).
 */
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import type { Operation } from '../../traces/history.js';
import type { Partition } from '../../spec/model.js';
import type { CheckOptions, CheckOutcome, CheckStats } from './linearizability.js';
import type { WorkerJob } from './check-worker.js';
import { registeredModel } from './model-registry.js';
import { DEFAULT_MAX_MEMORY_BYTES } from './budget.js';

/** Checks `parts` on `workers` threads; undefined if some partition's model cannot travel by name. */
export async function checkInWorkers(
  parts: readonly Partition[],
  workers: number,
  opts: CheckOptions,
): Promise<CheckOutcome | undefined> {
  const names = parts.map((p) => registeredModel(p.model));
  if (names.some((n) => n === undefined)) return undefined;
  const t0 = Date.now();
  const n = Math.min(workers, parts.length);
  const shares: WorkerJob['parts'][number][][] = Array.from({ length: n }, () => []);
  const load = new Array<number>(n).fill(0);
  const order = parts.map((_, i) => i).sort((a, b) => parts[b]!.ops.length - parts[a]!.ops.length || a - b);
  for (const i of order) {
    const w = load.indexOf(Math.min(...load));
    shares[w]!.push({ key: parts[i]!.key, ops: parts[i]!.ops, model: names[i]! });
    load[w]! += parts[i]!.ops.length;
  }
  const workerOpts: WorkerJob['opts'] = {
    maxMemoryBytes: (opts.maxMemoryBytes ?? DEFAULT_MAX_MEMORY_BYTES) / n,
    ...(opts.maxSteps !== undefined ? { maxSteps: Math.ceil(opts.maxSteps / n) } : {}),
    ...(opts.timeoutMs !== undefined ? { deadline: t0 + opts.timeoutMs, timeoutMs: opts.timeoutMs } : {}),
    ...(opts.minimize !== undefined ? { minimize: opts.minimize } : {}),
    ...(opts.maxMinimizeSteps !== undefined ? { maxMinimizeSteps: opts.maxMinimizeSteps } : {}),
  };
  const results = await runAll(shares.map((s) => ({ parts: s, opts: workerOpts })), opts.signal);
  return combine(results, parts.length, t0);
}

/** Starts one worker per job; resolves when all are done or one reports a violation. */
function runAll(jobs: readonly WorkerJob[], signal: AbortSignal | undefined): Promise<(CheckOutcome | string)[]> {
  const isTs = import.meta.url.endsWith('.ts');
  const url = new URL(isTs ? './check-worker.ts' : './check-worker.js', import.meta.url);
  // Running from TypeScript sources (tests, tsx): the worker registers tsx's loader for itself first.
  const start = (job: WorkerJob): Worker =>
    isTs
      ? new Worker(
          `import(${JSON.stringify(tsxEsmApi())})` +
            `.then((t) => { t.register(); return import(${JSON.stringify(url.href)}); })`,
          { eval: true, workerData: job },
        )
      : new Worker(url, { workerData: job });
  return new Promise((resolve) => {
    const results: (CheckOutcome | string)[] = new Array(jobs.length).fill('worker did not report');
    let pending = jobs.length;
    const pool = jobs.map(start);
    const stop = (): void => {
      for (const w of pool) void w.terminate();
      signal?.removeEventListener('abort', onAbort);
      resolve(results);
    };
    const onAbort = (): void => {
      results.fill('check aborted');
      stop();
    };
    signal?.addEventListener('abort', onAbort);
    if (signal?.aborted === true) return onAbort();
    pool.forEach((w, i) => {
      let settled = false;
      const settle = (r: CheckOutcome | string): void => {
        if (settled || pending === 0) return;
        settled = true;
        results[i] = r;
        pending--;
        if (pending === 0 || (typeof r !== 'string' && r.verdict === 'not-linearizable')) {
          pending = 0;
          stop();
        }
      };
      w.on('message', (r: CheckOutcome) => settle(r));
      w.on('error', (e: Error) => settle(`checker worker failed: ${e.message}`));
      w.on('exit', (code) => settle(`checker worker exited with code ${code}`));
    });
  });
}

/** One outcome from the workers' outcomes: a violation wins, then unknown, then ok. */
function combine(results: readonly (CheckOutcome | string)[], partitions: number, t0: number): CheckOutcome {
  const stats: CheckStats = { steps: 0, memoEntries: 0, partitions, peakMemoBytes: 0, ms: Date.now() - t0 };
  for (const r of results) {
    if (typeof r === 'string') continue;
    stats.steps += r.stats.steps;
    stats.memoEntries += r.stats.memoEntries;
    stats.peakMemoBytes += r.stats.peakMemoBytes;
  }
  const violation = results.find((r) => typeof r !== 'string' && r.verdict === 'not-linearizable');
  if (violation !== undefined && typeof violation !== 'string' && violation.verdict === 'not-linearizable') {
    return { verdict: 'not-linearizable', witness: violation.witness, stats };
  }
  const reasons = results.flatMap((r) => (typeof r === 'string' ? [r] : r.verdict === 'unknown' ? [r.reason] : []));
  if (reasons.length > 0) return { verdict: 'unknown', reason: [...new Set(reasons)].join('; '), stats };
  return { verdict: 'linearizable', stats };
}

/** URL of tsx's ESM register API (its `import` export of `tsx/esm/api`). */
function tsxEsmApi(): string {
  const pkg = createRequire(import.meta.url).resolve('tsx/package.json');
  return pathToFileURL(join(dirname(pkg), 'dist/esm/api/index.mjs')).href;
}
