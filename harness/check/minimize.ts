/**
 * A minimal witness for a non-linearizable (sub-)history: the shortest
 * non-linearizable prefix, cut at an event position (operations invoked before
 * the cut but completing after it become indeterminate: `info`, output
 * unknown), found exactly by a galloping search down from the failing
 * search's own cut, then halving — a longer prefix of a non-linearizable
 * prefix stays non-linearizable, so the first prefix that holds bounds it — and then with reads removed greedily while
 * it stays non-linearizable. Writes are never removed (removing one can create
 * a violation). Every probe is a bounded search; a probe that runs out of
 * steps counts as "not shown to violate", so the result always violates.
 *
 * The failing searches bound the cut: a search that finds a violation also
 * names a cut that keeps it (`LinearizabilitySearch.hint`, just after
 * the latest return that stopped it), so the binary search starts from the
 * original search's cut, every violating probe lowers the upper end to its
 * own, and a read removal that keeps the violation also trims the tail.
 * Reads whose return never stopped the last violating probe are tried first,
 * all in one probe, before the halving chunks.
 */
import type { Operation } from '../../traces/history.js';
import { OPERATION_KEYS, operationRecord } from '../../traces/build-history.js';
import { type Model, renumber } from '../../spec/model.js';
import { LinearizabilitySearch, type BestPrefix, type ViolationHint } from './search.js';
import { quotientModel } from './quotient.js';

/** Limits of one minimization. */
export interface MinimizeLimits {
  /** Search steps for all probes together. */
  readonly maxSteps: number;
  /**
   * Search steps one probe may use (default: all that is left). A probe that runs out is
   * undecided: the prefix or read it was about is kept, and the witness says it is not shown
   * minimal. One hard probe then cannot use up the budget the other reads need.
   */
  readonly maxProbeSteps?: number | undefined;
  /** Absolute `Date.now()` deadline, if any. */
  readonly deadline?: number | undefined;
  /** What the search that found the violation learned (`LinearizabilitySearch.hint`). */
  readonly hint?: ViolationHint | undefined;
  /**
   * Search each probe with the quotient of the model for the probe's own history (quotient.ts; default
   * true). A probe holds fewer reads than the partition, so more values go unobserved and more states
   * merge: on Porcupine's kv/c50-bad.txt the last probes took 2,967 and 12,940 steps with the whole
   * partition's quotient, for a 16- and a 15-operation history.
   */
  readonly quotient?: boolean | undefined;
}

/** What a minimization did. */
export interface MinimizeResult {
  readonly ops: Operation[];
  readonly steps: number;
  /**
   * Whether the result is shown minimal: the shortest failing prefix (every shorter cut was shown
   * linearizable) and no single read removable (each removal was shown linearizable). False when a
   * probe ran out of steps or time: the result still violates, but may be longer than needed.
   */
  readonly minimal: boolean;
  /** Cuts and single reads left undecided: their probe ran out of steps or time, or was never run. */
  readonly undecided: number;
  /**
   * The deepest partial linearization of `ops` itself, when the last violating probe searched
   * exactly `ops` (the usual case): the witness then needs no search of its own.
   */
  readonly best?: BestPrefix | undefined;
}

/** The history cut before event position `cut`: later completions become unknown. */
export function prefixAt(ops: readonly Operation[], cut: number): Operation[] {
  const out: Operation[] = [];
  for (const op of ops) {
    if (op.call >= cut) continue;
    out.push(op.ret < cut ? op : indeterminate(op));
  }
  return out;
}

/**
 * `op` with its outcome unknown. Made as the history builder makes operations (`operationRecord`), so
 * that the copy shares their hidden class (build-history.ts says why that matters); an operation with
 * keys of its own (a caller's richer record) is copied whole instead.
 */
function indeterminate(op: Operation): Operation {
  for (const k in op) if (!OPERATION_KEYS.has(k)) return { ...op, status: 'info', output: undefined, ret: Infinity, retLine: undefined };
  const c = operationRecord(op.id, op.process, op.f, op.key, op.input, undefined, 'info', op.call, Infinity, op.callLine, undefined);
  if (op.session !== undefined) c.session = op.session;
  return c as Operation;
}

/** A probe's answer: the violation's cut (>= 0), or one of these. */
const HOLDS = -1;
const UNDECIDED = -2;
/** A chunk probe may use CHUNK_FACTOR times the steps of the latest violating probe, and at least MIN_CHUNK_STEPS. */
const CHUNK_FACTOR = 2;
const MIN_CHUNK_STEPS = 2_000;

/** Shrinks the non-linearizable `ops` (one partition, under `model`); returns the witness and the steps used. */
export function minimizeWitness(ops: readonly Operation[], model: Model, limits: MinimizeLimits): MinimizeResult {
  let steps = 0;
  let undecided = 0;
  let prefixExact = true;
  const readOnly = (op: Operation): boolean => model.isReadOnly?.({ f: op.f, key: op.key, value: op.input }) === true;
  // Call positions of the ops that stopped the last violating search.
  let blockers: ReadonlySet<number> | undefined = limits.hint !== undefined ? new Set(limits.hint.blockers) : undefined;
  // Steps the latest violating probe took: a guide to what the next, similar, probe should need.
  let lastViolationSteps = 0;
  // The latest violating probe: its history and its search.
  let lastViolation: { h: readonly Operation[]; search: LinearizabilitySearch } | undefined;
  /** The probe's violation cut if `h` is shown not linearizable, HOLDS if shown linearizable, else UNDECIDED. */
  const violates = (h: readonly Operation[], cap = Infinity): number => {
    const left = Math.min(limits.maxSteps - steps, limits.maxProbeSteps ?? Infinity, cap);
    if (left <= 0 || (limits.deadline !== undefined && Date.now() >= limits.deadline)) return UNDECIDED;
    const search = new LinearizabilitySearch(h, limits.quotient === false ? model : quotientModel({ key: undefined, ops: h, model }));
    search.runFor(left, limits.deadline);
    steps += search.steps;
    if (search.status === 'ok') return HOLDS;
    if (search.status !== 'violation') return UNDECIDED;
    const hint = search.hint();
    blockers = new Set(hint.blockers);
    lastViolationSteps = search.steps;
    lastViolation = { h, search };
    return hint.cut;
  };
  const kept = (h: readonly Operation[]): Operation[] => h.filter((op) => op.status === 'ok' || !readOnly(op));

  // Indeterminate reads can never matter: drop them up front.
  let best: Operation[] = kept(ops);
  const cuts = [...new Set(best.flatMap((op) => (op.ret === Infinity ? [op.call] : [op.call, op.ret])))].sort((a, b) => a - b);
  // cuts[i] stands for prefixAt(best, cuts[i] + 1); the last keeps everything.
  const indexBelow = (cut: number, i: number): number => {
    while (i > 0 && cuts[i]! + 1 > cut) i--;
    return i;
  };
  // The failing search reached a configuration whose first pending return was at `linearizableBelow`:
  // every cut up to there is linearizable without a probe.
  const knownHolds = (i: number): boolean => limits.hint !== undefined && cuts[i]! + 1 <= limits.hint.linearizableBelow;
  const probePrefix = (i: number): number => {
    if (knownHolds(i)) return HOLDS;
    const c = violates(prefixAt(best, cuts[i]! + 1));
    if (c === UNDECIDED) {
      prefixExact = false;
      undecided++;
    }
    return c;
  };
  let lo = 0;
  let hi = limits.hint !== undefined ? indexBelow(limits.hint.cut, cuts.length - 1) : cuts.length - 1;
  // The failing search's cut is almost always the shortest one already (so plain halving from 0 would
  // probe ~log2(n) longer and longer prefixes only to come back to it): probe just below the upper end
  // first, then twice as far each time, and halve only the gap left below the first prefix that holds.
  if (limits.hint !== undefined) {
    for (let gap = 1; lo < hi; gap *= 2) {
      const probe = Math.max(lo, hi - gap);
      const c = probePrefix(probe);
      if (c < 0) {
        lo = probe + 1;
        break;
      }
      hi = indexBelow(c, probe);
    }
  }
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = probePrefix(mid);
    if (c >= 0) hi = indexBelow(c, mid);
    else lo = mid + 1;
  }
  if (cuts.length > 0) best = kept(prefixAt(best, cuts[hi]! + 1));

  // Reads that never stopped the last failing search seldom matter: drop them all in one probe, while that works.
  const isRead = (op: Operation): boolean => op.status === 'ok' && readOnly(op);
  for (;;) {
    const stoppers = blockers;
    const without = stoppers === undefined ? best : best.filter((op) => !isRead(op) || stoppers.has(op.call));
    if (without.length === best.length) break;
    const c = violates(without);
    if (c < 0) break;
    best = kept(prefixAt(without, c));
  }

  // Remove reads in chunks, halving the chunk size down to single reads (so the result is 1-minimal).
  // A read shown needed stays needed after other removals (dropping a read, or cutting a prefix, of a
  // linearizable history leaves it linearizable), so the last pass decides minimality on its own; a
  // chunk only saves probes, so a chunk probe that needs far more than the last violation did is
  // given up early (removing many reads at once can free the order of many writes).
  let readsMinimal = false;
  for (let size = Math.max(1, best.filter(isRead).length >> 1); ; size >>= 1) {
    const reads = best.filter(isRead);
    let allDecided = true;
    let end = reads.length;
    for (; end > 0 && steps < limits.maxSteps; end -= size) {
      const drop = new Set(reads.slice(Math.max(0, end - size), end));
      const without = best.filter((op) => !drop.has(op));
      const c = violates(without, size > 1 ? Math.max(MIN_CHUNK_STEPS, CHUNK_FACTOR * lastViolationSteps) : Infinity);
      if (c >= 0) best = kept(prefixAt(without, c));
      else if (c === UNDECIDED && size <= 1) {
        allDecided = false;
        undecided++;
      }
    }
    if (size <= 1) {
      readsMinimal = allDecided && end <= 0;
      undecided += Math.max(0, end); // reads the budget left untried
      break;
    }
    if (steps >= limits.maxSteps) {
      undecided += best.filter(isRead).length; // the single-read pass never ran
      break;
    }
  }
  const searched = lastViolation !== undefined && sameHistory(lastViolation.h, best) ? lastViolation.search.best() : undefined;
  return { ops: renumber(best), steps, minimal: prefixExact && readsMinimal, undecided, best: searched };
}

/** Whether `a` and `b` hold the same operations with the same outcomes, in the same order. */
function sameHistory(a: readonly Operation[], b: readonly Operation[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== y && (x.call !== y.call || x.ret !== y.ret || x.status !== y.status || x.output !== y.output)) return false;
  }
  return true;
}
