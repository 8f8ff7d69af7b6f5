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

/** A partition's search for an earlier violation, up to `cut`, and how far it has shown the partition linearizable. */
interface PrefixSearch {
  readonly part: Partition;
  readonly cut: number;
  readonly search: LinearizabilitySearch;
  linearizableBelow: number;
}

/**
 * Of the violations in `found`'s partition and in the partitions not yet shown linearizable, the one
 * that shows earliest in the history: each of those is searched up to the found violation's cut
 * (a partition already shown linearizable cannot fail earlier: every prefix of a linearizable
 * history is linearizable), and one that fails before that cut takes its place. On Porcupine's
 * kv/c50-bad.txt the first violation found is on key "1" (its search stops at event 847), while key
 * "3" is already not linearizable at line 443; the witness then starts from the earlier one. Each search gets
 * the steps a minimization probe gets, and a search that runs out leaves the choice as it was.
 * A partition whose search has shown it linearizable past the cut (`linearizableBelow`) is not searched.
 * The cut searched up to is where the best violation so far is known to fail; which of the violations
 * found fails first is settled at the end (`earliestOf`), since a search does not always know the first
 * place its partition fails.
 *
 * Order: a short run of every partition first (FIRST_ROUND_STEPS, in order of the steps the interleaver
 * spent on it, fewest first: one that used up its own run undecided is known to need a long search, and
 * the later it comes, the shorter the prefix it gets), so that a violation found cheaply lowers the cut
 * before the long searches. Then the searches still running go on, those that have shown their partition
 * linearizable least far first (a search held up early is the likeliest to be held up by a violation),
 * each resuming where it stopped unless the cut has moved since. (On c50-bad, keys "0" and "8" had used
 * their runs: searched after the others, up to key "3"'s cut, the first round takes 4,061 steps instead of
 * 6,061. Over 60 generated histories with planted violations, resuming and the second round's order took
 * the whole check with witnesses from 515,152 to 499,440 steps, 500,678 with `earliestOf`, with the same
 * witnesses.)
 */
function earliestViolation(
  found: Violation,
  others: readonly UndecidedPartition[],
  budget: Budget,
  opts: CheckOptions,
): Violation {
  let v = found;
  const cap = Math.max(MIN_PROBE_STEPS, PROBE_FACTOR * found.steps);
  const quotient = opts.quotient !== false;
  const deadline = budget.limits.deadline;
  /** Every violation found, `found` first: `earliestOf` chooses among them at the end. */
  const violations: Violation[] = [found];
  /**
   * Searches `part`'s prefix at the current cut (a new search unless `from` searched that very prefix) up to
   * `steps` steps in all; returns the search if it is still running.
   */
  const searchUpTo = (part: Partition, below: number, steps: number, from?: PrefixSearch): PrefixSearch | undefined => {
    const cut = v.hint.cut;
    if (below >= cut) return undefined;
    let ps = from !== undefined && from.cut === cut ? from : undefined;
    if (ps === undefined) {
      const prefix = prefixAt(part.ops, cut);
      if (!prefix.some((op) => op.status === 'ok')) return undefined;
      // Each prefix is searched with its own quotient: it holds fewer reads than the partition, so more values go unobserved.
      const model = quotient ? quotientModel({ key: part.key, ops: prefix, model: part.model }) : part.model;
      ps = { part, cut, search: new LinearizabilitySearch(prefix, model), linearizableBelow: below };
    }
    const { search } = ps;
    const before = search.steps;
    search.runFor(Math.min(steps, before + budget.stepsLeft()), deadline);
    budget.steps += search.steps - before;
    // (The prefix keeps the partition's event positions: what its search reached counts for the next round.)
    ps.linearizableBelow = Math.max(ps.linearizableBelow, search.linearizableBelow());
    if (search.status === 'violation') {
      const hint = search.hint();
      const found: Violation = { kind: 'violation', partition: part, best: search.best(), steps: search.steps, hint };
      violations.push(found);
      if (hint.cut < v.hint.cut) v = found;
    }
    return search.status === 'running' ? ps : undefined;
  };
  const running: PrefixSearch[] = [];
  for (const p of [...others].sort((a, b) => a.steps - b.steps)) {
    const ps = searchUpTo(p.part, p.linearizableBelow, Math.min(cap, FIRST_ROUND_STEPS));
    if (ps !== undefined) running.push(ps);
  }
  running.sort((a, b) => a.linearizableBelow - b.linearizableBelow);
  for (const ps of running) searchUpTo(ps.part, ps.linearizableBelow, cap, ps);
  v = earliestOf(violations, cap, budget, quotient);
  // The chosen partition's model is its quotient, as for a partition the interleaver reports (minimization
  // quotients each probe's own history; the witness's own search, when it needs one, runs on this model).
  if (v !== found && quotient) v = { ...v, partition: { ...v.partition, model: quotientModel(v.partition) } };
  return v;
}

/**
 * Of violations in different partitions, the one whose shortest failing prefix ends first (the first
 * found of those that end together). A search's `hint.cut` is where its partition is already not
 * linearizable, but not always the first such place: when a pending read's pruning made the search's
 * latest stop, the partition may fail anywhere after `hint.linearizableBelow` and up to `hint.cut`
 * (a history of four keys, with key "kv-0-x" failing at event 21, was reported at key "kv-2-x", failing
 * at 26, since the search of "kv-0-x" stopped at 27). Such a partition's cut is found exactly, by halving
 * that range with searches of its prefixes, whenever it might come first; a search that runs out of
 * steps leaves the cut at what is known.
 */
function earliestOf(violations: readonly Violation[], cap: number, budget: Budget, quotient: boolean): Violation {
  // By where each is known to fail (the first found of those known to fail at the same place first).
  const [first, ...rest] = [...violations].sort((a, b) => a.hint.cut - b.hint.cut);
  let best = first!;
  let bestCut: number | undefined; // exact, once needed
  for (const v of rest) {
    // v fails only after linearizableBelow (its prefix up to there holds): if that is not before where
    // the best is known to fail, v cannot fail first, and nothing needs searching.
    if (v.hint.linearizableBelow + 1 >= (bestCut ?? best.hint.cut)) continue;
    bestCut ??= exactCut(best, cap, budget, quotient);
    const cut = exactCut(v, cap, budget, quotient);
    if (cut < bestCut) {
      best = v;
      bestCut = cut;
    }
  }
  return best;
}

/** The end of the shortest failing prefix of `v`'s partition (an event position to cut at, as `prefixAt` takes it). */
function exactCut(v: Violation, cap: number, budget: Budget, quotient: boolean): number {
  const { ops } = v.partition;
  const { cut, linearizableBelow } = v.hint;
  // The cuts that could end a shorter failing prefix: just after each event between the two bounds.
  const between = [...new Set(ops.flatMap((op) => (op.ret === Infinity ? [op.call + 1] : [op.call + 1, op.ret + 1])))]
    .filter((c) => c > linearizableBelow && c < cut)
    .sort((a, b) => a - b);
  let lo = 0;
  let hi = between.length; // between[hi] fails; hi === between.length stands for `cut`
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const prefix = prefixAt(ops, between[mid]!);
    const model = quotient ? quotientModel({ key: v.partition.key, ops: prefix, model: v.partition.model }) : v.partition.model;
    const search = new LinearizabilitySearch(prefix, model);
    search.runFor(Math.min(cap, budget.stepsLeft()), budget.limits.deadline);
    budget.steps += search.steps;
    if (search.status === 'violation') hi = mid;
    else if (search.status === 'ok') lo = mid + 1;
    else return cut; // undecided: the upper bound stands
  }
  return hi < between.length ? between[hi]! : cut;
}
