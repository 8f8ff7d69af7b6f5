/**
 * P-compositional checking (Herlihy & Wing 1990, locality; Horn & Kroening
 * 2015): a history split into independent partitions is linearizable iff
 * every partition is, and the whole check stops at the first violation.
 *
 * Schedule. Each partition first gets a run of its own, one partition at a
 * time in order, of up to SOLO_STEPS_PER_OP steps per operation: most
 * partitions are decided within it (a linearizable history with little
 * concurrency takes about one step per operation), and one decided frees
 * its search's memory before the next search is built. A partition still
 * undecided after its run stays live, and once every partition has had its
 * run the live ones are stepped round-robin in slices that start small and
 * double up to SLICE_STEPS, so one hard partition cannot starve a violation
 * in another: a partition waits at most the solo runs before it. (Stepping
 * every partition round-robin from the start found a violation a few
 * hundred steps into the last partition sooner, but kept every partition's
 * search alive to the end: a 1,000,000-operation history of ten keys held
 * ten searches' tables, some 170 MB, at once.)
 *
 * The schedule depends only on step counts, so with `maxSteps` the outcome
 * is the same on every machine.
 */
import type { Partition } from '../../spec/model.js';
import { quotientModel } from './quotient.js';
import { LinearizabilitySearch, type BestPrefix, type ViolationHint } from './search.js';
import type { Budget } from './budget.js';

/** Steps a partition runs before the next one gets its turn, at most (and at its first turn). */
export const SLICE_STEPS = 4096;
const FIRST_SLICE_STEPS = 256;
/** The run of its own each partition gets first, in steps per operation. */
const SOLO_STEPS_PER_OP = 2;

/** Steps of the run of its own a partition of `ops` operations gets first (at least a first slice's). */
export function soloSteps(ops: number): number {
  return Math.max(FIRST_SLICE_STEPS, SOLO_STEPS_PER_OP * ops);
}

/** How the interleaved searches ended. */
export type InterleaveOutcome =
  | { readonly kind: 'ok' }
  | {
      readonly kind: 'violation';
      readonly partition: Partition;
      readonly best: BestPrefix;
      readonly steps: number;
      /** Bounds on the witness (`LinearizabilitySearch.hint`). */
      readonly hint: ViolationHint;
    }
  | { readonly kind: 'unknown'; readonly reason: string };

/** A partition not shown linearizable, and the cut below which its search so far shows it is (0 if not started). */
export interface UndecidedPartition {
  readonly part: Partition;
  readonly linearizableBelow: number;
  /** Steps its search has taken so far without deciding it (0 if not started). */
  readonly steps: number;
}

/** A partition and its search (built when the partition first runs). */
interface Slot {
  part: Partition;
  search: LinearizabilitySearch | undefined;
  turns: number;
}

/** Driver of one search per partition: a run of its own for each in turn, then round-robin (see above). */
export class Interleaver {
  /** Every partition, in order; those from `started` on have not run yet. */
  private readonly slots: Slot[];
  private started = 0;
  /** The partition in its run of its own, if any. */
  private solo: Slot | undefined;
  /** The partitions past their own run and still undecided, stepped round-robin. */
  private readonly live: Slot[] = [];
  private turn = 0;
  /** Memo entries of every search run so far. */
  memoEntries = 0;
  private outcome: InterleaveOutcome | undefined;

  constructor(
    parts: readonly Partition[],
    private readonly budget: Budget,
    private readonly opts: { readonly quotient: boolean } = { quotient: true },
  ) {
    this.slots = parts.map((part) => ({ part, search: undefined, turns: 0 }));
  }

  /** Runs at most `slices` slices; returns the outcome once decided. */
  runSlices(slices: number): InterleaveOutcome | undefined {
    const budget = this.budget;
    for (let s = 0; s < slices && this.outcome === undefined; s++) {
      if (this.solo === undefined && this.started < this.slots.length) this.solo = this.slots[this.started++];
      if (this.solo === undefined && this.live.length === 0) return (this.outcome = { kind: 'ok' });
      const why = budget.exhausted(this.bytes());
      if (why !== undefined) return (this.outcome = { kind: 'unknown', reason: this.unresolved(why) });
      if (this.turn >= this.live.length) this.turn = 0;
      const slot = this.solo ?? this.live[this.turn]!;
      // Searches are built lazily: a partition costs memory only once it runs. Each runs on its history's
      // quotient model (quotient.ts), and a violation is reported with that model too.
      if (slot.search === undefined) {
        const model = this.opts.quotient ? quotientModel(slot.part) : slot.part.model;
        if (model !== slot.part.model) slot.part = { ...slot.part, model };
        slot.search = new LinearizabilitySearch(slot.part.ops, model);
      }
      const search = slot.search;
      const before = search.memo.size;
      const ownRun = soloSteps(slot.part.ops.length);
      const slice = slot === this.solo ? Math.min(SLICE_STEPS, ownRun - search.steps) : Math.min(SLICE_STEPS, FIRST_SLICE_STEPS << Math.min(slot.turns++, 4));
      budget.steps += search.run(Math.min(slice, budget.stepsLeft()));
      this.memoEntries += search.memo.size - before;
      // A search decided in this slice is freed before the next look at the memory: count it now.
      if (search.status !== 'running') budget.note(this.bytes());
      if (search.status === 'violation') {
        this.outcome = { kind: 'violation', partition: slot.part, best: search.best(), steps: search.steps, hint: search.hint() };
      } else if (slot === this.solo) {
        if (search.status === 'running' && search.steps < ownRun) continue; // its own run goes on
        if (search.status === 'running') this.live.push(slot);
        else slot.search = undefined; // decided linearizable: frees its memo
        this.solo = undefined;
      } else if (search.status === 'ok') {
        this.live.splice(this.turn, 1); // frees its memo
      } else {
        this.turn++;
      }
    }
    if (this.outcome === undefined && this.solo === undefined && this.live.length === 0 && this.started === this.slots.length) this.outcome = { kind: 'ok' };
    return this.outcome;
  }

  /**
   * The partitions not shown linearizable so far, other than `except` (after a violation: where else one
   * may lie), each with the cut below which its search so far shows it linearizable (0 if not started).
   */
  undecided(except: Partition): UndecidedPartition[] {
    return this.undecidedSlots()
      .filter((slot) => slot.part !== except)
      .map((slot) => ({ part: slot.part, linearizableBelow: slot.search?.linearizableBelow() ?? 0, steps: slot.search?.steps ?? 0 }));
  }

  /** The partitions not decided yet, in order: those that ran and are live, the one running, those not started. */
  private undecidedSlots(): Slot[] {
    const running = this.solo !== undefined ? [this.solo] : [];
    return [...this.live, ...running, ...this.slots.slice(this.started)];
  }

  /** Runs to the end (synchronous). */
  runToEnd(): InterleaveOutcome {
    for (;;) {
      const o = this.runSlices(64);
      if (o !== undefined) return o;
    }
  }

  private bytes(): number {
    let b = 0;
    for (const { search } of this.live) if (search !== undefined) b += search.bytes();
    return b + (this.solo?.search?.bytes() ?? 0);
  }

  private unresolved(why: string): string {
    const keys = this.undecidedSlots().map(({ part }) => (part.key === undefined ? 'the history' : JSON.stringify(part.key)));
    const shown = keys.length > 5 ? `${keys.slice(0, 5).join(', ')}, ... (${keys.length} partitions)` : keys.join(', ');
    return `${why} before deciding ${shown}; no violation found so far`;
  }
}
