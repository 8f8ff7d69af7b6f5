/**
 * The fast linearizability checker: P-compositional splitting (per key, via
 * `model.partition`), one resumable Wing–Gong/Lowe search per partition
 * (search.ts) scheduled in-process by interleave.ts (a run of its own each, then
 * round-robin) or spread over worker threads,
 * budgets that end in `unknown`, and a minimal witness on violation. The
 * definition it implements, and its oracle, is spec/linearizability.ts.
 */
import type { Operation } from '../../traces/history.js';
import type { Model, Partition } from '../../spec/model.js';
import type { CheckResult, Witness } from '../../spec/check-result.js';
import { Budget, DEFAULT_MAX_MEMORY_BYTES } from './budget.js';
import { Interleaver, type InterleaveOutcome, type UndecidedPartition } from './interleave.js';
import { buildWitness } from './build-witness.js';
import { minimizeWitness, prefixAt } from './minimize.js';
import { LinearizabilitySearch, type BestPrefix } from './search.js';
import { quotientModel, withoutHiddenWrites } from './quotient.js';

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
/** Steps each other partition gets in the first round of the search for an earlier violation. */
const FIRST_ROUND_STEPS = 1_000;

/** Checks `ops` for linearizability under `model` (worker threads when `workers` > 0). */
export async function checkOperations(ops: readonly Operation[], model: Model, opts: CheckOptions = {}): Promise<CheckOutcome> {
  const workers = opts.workers ?? 0;
  const parts = partitionsOf(ops, model, opts);
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
  const parts = partitionsOf(ops, model, opts);
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

/** The partitions of `ops`, each without the indeterminate writes nothing can observe (quotient.ts) unless quotients are off. */
function partitionsOf(ops: readonly Operation[], model: Model, opts: CheckOptions): Partition[] {
  const parts = model.partition !== undefined ? model.partition(ops) : [{ key: undefined, ops, model }];
  return opts.quotient === false ? parts : parts.map(withoutHiddenWrites);
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
  // A witness is wanted: report the violation that shows earliest in the history, not just the first found.
  const found = opts.minimize !== false ? earliestViolation(outcome, il.undecided(outcome.partition), budget, opts) : outcome;
  const { partition, best } = found;
  let witnessOps: readonly Operation[] = partition.ops;
  let minimized: Witness['minimized'] = { status: 'none', undecided: 0 };
  let searched: BestPrefix | undefined;
  if (opts.minimize !== false) {
    const auto = Math.min(DEFAULT_MINIMIZE_STEPS, Math.max(50_000, 8 * found.steps));
    const maxSteps = Math.min(opts.maxMinimizeSteps ?? auto, budget.stepsLeft());
    const maxProbeSteps = Math.max(MIN_PROBE_STEPS, PROBE_FACTOR * found.steps);
    const m = minimizeWitness(partition.ops, partition.model, {
      maxSteps,
      maxProbeSteps,
      deadline: budget.limits.deadline,
      hint: found.hint,
      quotient: opts.quotient !== false,
    });
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

type Violation = Extract<InterleaveOutcome, { kind: 'violation' }>;

/**
 * Of the violations in `found`'s partition and in the partitions not yet shown linearizable, the one
 * that shows earliest in the history: each of those is searched up to the found violation's cut
 * (a partition already shown linearizable cannot fail earlier: every prefix of a linearizable
 * history is linearizable), and one that fails before that cut takes its place. On Porcupine's
 * kv/c50-bad.txt the first violation found is on key "1" (its search stops at event 847), while key
 * "3" is already not linearizable at line 443; the witness then starts from the earlier one. Each search gets
 * the steps a minimization probe gets, and a search that runs out leaves the choice as it was.
 * A partition whose own search, run part way by the interleaver, already reached past the cut
 * (`linearizableBelow`) is linearizable up to it and is not searched again.
 */
function earliestViolation(
  found: Violation,
  others: readonly UndecidedPartition[],
  budget: Budget,
  opts: CheckOptions,
): Violation {
  let v = found;
  const cap = Math.max(MIN_PROBE_STEPS, PROBE_FACTOR * found.steps);
  // Two rounds: a short search of every partition first, so an early violation found cheaply lowers the
  // cut before the partitions that need long searches are searched (up to it) in the second round. Within
  // a round, the partitions the interleaver has spent fewest steps on go first: one that used up its own
  // run undecided is known to need a long search, and the later it comes, the shorter the prefix it gets.
  // (On c50-bad, keys "0" and "8" had used theirs: searched after the others, up to key "3"'s cut, the
  // two rounds take 4,061 steps instead of 6,061.)
  let pending = [...others].sort((a, b) => a.steps - b.steps);
  for (const roundCap of [FIRST_ROUND_STEPS, cap]) {
    const undecided: UndecidedPartition[] = [];
    for (const p of pending) {
      const cut = v.hint.cut;
      if (p.linearizableBelow >= cut) continue;
      const prefix = prefixAt(p.part.ops, cut);
      if (!prefix.some((op) => op.status === 'ok')) continue;
      // Each prefix is searched with its own quotient: it holds fewer reads than the partition, so more values go unobserved.
      const model = opts.quotient !== false ? quotientModel({ key: p.part.key, ops: prefix, model: p.part.model }) : p.part.model;
      const search = new LinearizabilitySearch(prefix, model);
      search.runFor(Math.min(roundCap, budget.stepsLeft()), budget.limits.deadline);
      budget.steps += search.steps;
      // (The prefix keeps the partition's event positions: what its search reached counts for the next round.)
      if (search.status === 'running') undecided.push({ part: p.part, linearizableBelow: Math.max(p.linearizableBelow, search.linearizableBelow()), steps: search.steps });
      if (search.status !== 'violation') continue;
      const hint = search.hint();
      if (hint.cut < cut) v = { kind: 'violation', partition: p.part, best: search.best(), steps: search.steps, hint };
    }
    pending = undecided;
  }
  // The chosen partition's model is its quotient, as for a partition the interleaver reports (minimization
  // quotients each probe's own history; the witness's own search, when it needs one, runs on this model).
  if (v !== found && opts.quotient !== false) v = { ...v, partition: { ...v.partition, model: quotientModel(v.partition) } };
  return v;
}
