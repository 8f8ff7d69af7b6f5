/**
 * The fast linearizability checker: P-compositional splitting (per key, via
 * `model.partition`), one resumable Wing–Gong/Lowe search per partition
 * (search.ts) interleaved round-robin in-process or spread over worker threads,
 * budgets that end in `unknown`, and a minimal witness on violation. The
 * definition it implements, and its oracle, is spec/linearizability.ts.
 */
import type { Operation } from '../../traces/history.js';
import type { Model, Partition } from '../../spec/model.js';
import type { CheckResult, Witness } from '../../spec/check-result.js';
import { Budget, DEFAULT_MAX_MEMORY_BYTES } from './budget.js';
import { Interleaver, type InterleaveOutcome } from './interleave.js';
import { buildWitness } from './build-witness.js';
import { minimizeWitness } from './minimize.js';
import type { BestPrefix } from './search.js';

/** Budgets and execution options of one check. */
export interface CheckOptions {
  /** Wall-clock budget for the whole check (CLI `check` only); undefined = none. */
  timeoutMs?: number;
  /** Deterministic search-step budget (used by the simulator runner); undefined = none. */
  maxSteps?: number;
  /** Budget on the checker's own estimated memo memory; default 1.5e9. */
  maxMemoryBytes?: number;
  /** 0 (default) = interleave partitions in-process; N > 0 = a pool of N worker threads. */
  workers?: number;
  /** Build a minimal witness on violation (default true). */
  minimize?: boolean;
  /** Cancels the check (verdict unknown). */
  signal?: AbortSignal;
  /**
   * Search steps minimization may use at most (default: 8 times what finding the violation took,
   * at least 50,000 and at most 2,000,000; always bounded by `maxSteps`).
   */
  maxMinimizeSteps?: number;
  /** Search each partition with its history's quotient model (quotient.ts; default true). Off only to measure what it saves. */
  quotient?: boolean;
}

/** What a check cost. */
export interface CheckStats {
  steps: number;
  memoEntries: number;
  partitions: number;
  peakMemoBytes: number;
  ms: number;
}

/** A check result with its cost. */
export type CheckOutcome = CheckResult & { stats: CheckStats };

const DEFAULT_MINIMIZE_STEPS = 2_000_000;
/**
 * One minimization probe may use PROBE_FACTOR times the steps that found the violation, and at
 * least MIN_PROBE_STEPS: a sub-history that is hard to decide (removing a read can free the order
 * of many concurrent writes) is left undecided rather than eating the budget of the others.
 */
const PROBE_FACTOR = 4;
const MIN_PROBE_STEPS = 20_000;

/** Checks `ops` for linearizability under `model` (worker threads when `workers` > 0). */
export async function checkOperations(ops: readonly Operation[], model: Model, opts: CheckOptions = {}): Promise<CheckOutcome> {
  const workers = opts.workers ?? 0;
  const parts = partitionsOf(ops, model);
  if (workers > 0 && parts.length > 1) {
    // Loaded only when asked for: most checks never start a worker thread.
    const { checkInWorkers } = await import('./worker-pool.js');
    const viaWorkers = await checkInWorkers(parts, workers, opts);
    if (viaWorkers !== undefined) return viaWorkers;
  }
  const t0 = Date.now();
  const budget = budgetOf(opts, t0);
  const il = new Interleaver(parts, budget, { quotient: opts.quotient !== false });
  let outcome: InterleaveOutcome | undefined;
  // Yield to the event loop every ~20 ms so abort signals and timers get through.
  while ((outcome = il.runSlices(64)) === undefined) {
    if (Date.now() - t0 > 20) await new Promise<void>((r) => setImmediate(r));
  }
  return finish(outcome, il, budget, parts.length, t0, opts);
}

/** Checks `ops` deterministically in-process (the simulator's entry: use `maxSteps`, not time). */
export function checkOperationsSync(
  ops: readonly Operation[],
  model: Model,
  opts: Omit<CheckOptions, 'workers' | 'signal'> = {},
): CheckOutcome {
  const t0 = Date.now();
  const parts = partitionsOf(ops, model);
  const budget = budgetOf(opts, t0);
  const il = new Interleaver(parts, budget, { quotient: opts.quotient !== false });
  return finish(il.runToEnd(), il, budget, parts.length, t0, opts);
}

/** Checks the given partitions in-process (a worker thread's share). */
export function checkPartitionsSync(parts: readonly Partition[], opts: CheckOptions & { deadline?: number }): CheckOutcome {
  const t0 = Date.now();
  const budget = budgetOf(opts, t0);
  const il = new Interleaver(parts, budget, { quotient: opts.quotient !== false });
  return finish(il.runToEnd(), il, budget, parts.length, t0, opts);
}

function partitionsOf(ops: readonly Operation[], model: Model): Partition[] {
  return model.partition !== undefined ? model.partition(ops) : [{ key: undefined, ops, model }];
}

function budgetOf(opts: CheckOptions & { deadline?: number }, t0: number): Budget {
  return new Budget({
    maxSteps: opts.maxSteps,
    deadline: opts.deadline ?? (opts.timeoutMs !== undefined ? t0 + opts.timeoutMs : undefined),
    maxMemoryBytes: opts.maxMemoryBytes ?? DEFAULT_MAX_MEMORY_BYTES,
    signal: opts.signal,
    timeoutMs: opts.timeoutMs,
  });
}

function finish(
  outcome: InterleaveOutcome,
  il: Interleaver,
  budget: Budget,
  partitions: number,
  t0: number,
  opts: CheckOptions,
): CheckOutcome {
  const stats = (): CheckStats => ({
    steps: budget.steps,
    memoEntries: il.memoEntries,
    partitions,
    peakMemoBytes: budget.peakBytes,
    ms: Date.now() - t0,
  });
  if (outcome.kind === 'ok') return { verdict: 'linearizable', stats: stats() };
  if (outcome.kind === 'unknown') return { verdict: 'unknown', reason: outcome.reason, stats: stats() };
  const { partition, best } = outcome;
  let witnessOps: readonly Operation[] = partition.ops;
  let minimized: Witness['minimized'] = { status: 'none', undecided: 0 };
  let searched: BestPrefix | undefined;
  if (opts.minimize !== false) {
    const auto = Math.min(DEFAULT_MINIMIZE_STEPS, Math.max(50_000, 8 * outcome.steps));
    const maxSteps = Math.min(opts.maxMinimizeSteps ?? auto, budget.stepsLeft());
    const maxProbeSteps = Math.max(MIN_PROBE_STEPS, PROBE_FACTOR * outcome.steps);
    const m = minimizeWitness(partition.ops, partition.model, { maxSteps, maxProbeSteps, deadline: budget.limits.deadline, hint: outcome.hint });
    budget.steps += m.steps;
    witnessOps = m.ops;
    searched = m.best;
    minimized = { status: m.minimal ? 'minimal' : 'partial', undecided: m.undecided };
  }
  // The prefix, stuck operations and state are searched again on the witness itself, so they describe it (and only it).
  const ownSteps = witnessOps === partition.ops ? 0 : Math.max(1, Math.min(DEFAULT_MINIMIZE_STEPS, budget.stepsLeft()));
  const w = buildWitness(partition, witnessOps, best, { maxSteps: ownSteps, deadline: budget.limits.deadline }, searched);
  budget.steps += w.steps;
  return { verdict: 'not-linearizable', witness: { ...w.witness, minimized }, stats: stats() };
}
