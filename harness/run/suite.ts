/**
 * The runner over descriptors: runs the planned seeds of every given
 * subsystem on an executor, merges the outcomes in (subsystem, seed) order
 * whatever order they finished in, then investigates (records and shrinks)
 * the first failing seeds of each subsystem. With `stopAtFirstFailure` (a
 * mutant run) it stops at the lowest failing seed: seeds above a known
 * failure are not dispatched and their results are dropped, so the outcome is
 * the same for any number of workers. Never branches on a subsystem's name.
 */
import type { SubsystemDescriptor } from '../subsystems/descriptor.js';
import type { ScheduleOptions } from '../nemesis/schedule-arbitrary.js';
import type { Executor } from './executor.js';
import { planSeeds, type Shard } from './seed-plan.js';
import type { SeedOutcome, ShrunkFailure } from './seed-outcome.js';
import { summarize, type RunSummary } from './summary.js';
import type { Task } from './task.js';

/** What to run. */
export interface SuiteOptions {
  readonly descriptors: readonly SubsystemDescriptor[];
  readonly mutant: string | undefined;
  readonly baseSeed: number;
  readonly seeds: number;
  readonly shard?: Shard;
  readonly stopAtFirstFailure: boolean;
  /** Failing seeds investigated (recorded + shrunk) per subsystem, lowest seeds first. */
  readonly investigateLimit: number;
  readonly maxShrinkRuns?: number;
  readonly schedule?: ScheduleOptions;
  /** `--consistency all`: every seed also checks the models its subsystem does not claim (reports only). */
  readonly otherModels?: boolean;
  /** Called as each seed finishes (in completion order), e.g. for a progress line. */
  readonly onOutcome?: (o: SeedOutcome, done: number, total: number) => void;
  /**
   * Called with each outcome that will be in the result, in the result's order, as soon as every
   * seed before it has finished (streamed output: a run cut short has printed what it found).
   */
  readonly onOrdered?: (o: SeedOutcome) => void;
}

/** What a run found. */
export interface SuiteResult {
  /** Outcomes in (descriptor order, seed) order. */
  readonly outcomes: readonly SeedOutcome[];
  /** Investigated failures in the same order. */
  readonly investigated: readonly ShrunkFailure[];
  /** Failing seeds that were not investigated (over the limit). */
  readonly notInvestigated: readonly SeedOutcome[];
  readonly summary: RunSummary;
}

/** Runs the suite on `executor`. */
export async function runSuite(opts: SuiteOptions, executor: Executor, now: () => number = Date.now): Promise<SuiteResult> {
  const t0 = now();
  const seeds = planSeeds(opts.baseSeed, opts.seeds, opts.shard);
  const base = (d: SubsystemDescriptor, seed: number, kind: Task['kind']): Task => {
    const t: Task = { kind, subsystem: d.name, seed, mutant: opts.mutant };
    const withSchedule = opts.schedule === undefined ? t : { ...t, schedule: opts.schedule };
    return opts.maxShrinkRuns === undefined ? withSchedule : { ...withSchedule, maxShrinkRuns: opts.maxShrinkRuns };
  };
  const tasks = opts.descriptors.flatMap((d) => seeds.map((s): Task => (opts.otherModels === true ? { ...base(d, s, 'seed'), otherModels: true } : base(d, s, 'seed'))));
  const results = new Map<string, SeedOutcome>();
  const keyOf = (subsystem: string, seed: number): string => `${subsystem}\u0000${seed}`;
  const stopAt = new Map<string, number>();
  let done = 0;
  const dropped = (t: Task): boolean => opts.stopAtFirstFailure && t.seed > (stopAt.get(t.subsystem) ?? Infinity);
  // Outcomes go out in task order; a seed above its subsystem's lowest failure (a mutant run) is never emitted:
  // all lower seeds of that subsystem come earlier in `tasks`, so once they are out it can no longer be dropped.
  let emitted = 0;
  const emit = (): void => {
    while (emitted < tasks.length) {
      const t = tasks[emitted] as Task;
      if (!dropped(t)) {
        const o = results.get(keyOf(t.subsystem, t.seed));
        if (o === undefined) return;
        opts.onOrdered?.(o);
      }
      emitted++;
    }
  };
  await pool(tasks, executor.capacity, async (task) => {
    if (dropped(task)) return;
    const r = await executor.run(task);
    if (r.kind !== 'seed') return;
    const o = r.outcome;
    if (opts.stopAtFirstFailure && o.verdict === 'fail' && !(o.seed > (stopAt.get(o.subsystem) ?? Infinity))) stopAt.set(o.subsystem, o.seed);
    results.set(keyOf(o.subsystem, o.seed), o);
    opts.onOutcome?.(o, ++done, tasks.length);
    if (opts.onOrdered !== undefined) emit();
  });
  const outcomes = tasks
    .filter((t) => !dropped(t))
    .map((t) => results.get(keyOf(t.subsystem, t.seed)))
    .filter((o): o is SeedOutcome => o !== undefined);
  const failing = outcomes.filter((o) => o.verdict === 'fail');
  const chosen: SeedOutcome[] = [];
  const notInvestigated: SeedOutcome[] = [];
  for (const d of opts.descriptors) {
    const mine = failing.filter((o) => o.subsystem === d.name);
    chosen.push(...mine.slice(0, opts.investigateLimit));
    notInvestigated.push(...mine.slice(opts.investigateLimit));
  }
  const investigated: ShrunkFailure[] = new Array(chosen.length);
  await pool(chosen.map((o, i) => ({ o, i })), executor.capacity, async ({ o, i }) => {
    const d = opts.descriptors.find((x) => x.name === o.subsystem) as SubsystemDescriptor;
    const r = await executor.run(base(d, o.seed, 'investigate'));
    if (r.kind === 'investigate') investigated[i] = r.failure;
  });
  return { outcomes, investigated, notInvestigated, summary: summarize(opts.descriptors, opts.mutant, outcomes, now() - t0) };
}

/** Runs `fn` over `items` in order with at most `width` in flight. */
async function pool<T>(items: readonly T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(width, items.length)) }, lane));
}
