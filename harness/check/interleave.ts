/**
 * P-compositional checking (Herlihy & Wing 1990, locality; Horn & Kroening
 * 2015): a history split into independent partitions is linearizable iff
 * every partition is. The partitions' searches are stepped round-robin in
 * slices, so one hard partition cannot starve an easy violation in
 * another, and the whole check stops at the first violation. A partition's
 * slices start small and double up to SLICE_STEPS: a violation that shows
 * in a few hundred steps is found before any partition has had thousands.
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
}

/** Round-robin driver of one search per partition. */
export class Interleaver {
  private readonly live: { part: Partition; search: LinearizabilitySearch | undefined; turns: number }[];
  private turn = 0;
  /** Memo entries of every search run so far. */
  memoEntries = 0;
  private outcome: InterleaveOutcome | undefined;

  constructor(
    parts: readonly Partition[],
    private readonly budget: Budget,
    private readonly opts: { readonly quotient: boolean } = { quotient: true },
  ) {
    this.live = parts.map((part) => ({ part, search: undefined, turns: 0 }));
  }

  /** Runs at most `slices` slices; returns the outcome once decided. */
  runSlices(slices: number): InterleaveOutcome | undefined {
    const budget = this.budget;
    for (let s = 0; s < slices && this.outcome === undefined; s++) {
      if (this.live.length === 0) return (this.outcome = { kind: 'ok' });
      const why = budget.exhausted(this.bytes());
      if (why !== undefined) return (this.outcome = { kind: 'unknown', reason: this.unresolved(why) });
      if (this.turn >= this.live.length) this.turn = 0;
      const slot = this.live[this.turn]!;
      // Searches are built lazily: a partition costs memory only once it runs. Each runs on its history's
      // quotient model (quotient.ts), and a violation is reported with that model too.
      if (slot.search === undefined) {
        const model = this.opts.quotient ? quotientModel(slot.part) : slot.part.model;
        if (model !== slot.part.model) slot.part = { ...slot.part, model };
        slot.search = new LinearizabilitySearch(slot.part.ops, model);
      }
      const search = slot.search;
      const before = search.memo.size;
      const slice = Math.min(SLICE_STEPS, FIRST_SLICE_STEPS << Math.min(slot.turns++, 4));
      budget.steps += search.run(Math.min(slice, budget.stepsLeft()));
      this.memoEntries += search.memo.size - before;
      if (search.status === 'violation') {
        this.outcome = { kind: 'violation', partition: slot.part, best: search.best(), steps: search.steps, hint: search.hint() };
      } else if (search.status === 'ok') {
        this.live.splice(this.turn, 1); // frees its memo
      } else {
        this.turn++;
      }
    }
    if (this.outcome === undefined && this.live.length === 0) this.outcome = { kind: 'ok' };
    return this.outcome;
  }

  /**
   * The partitions not shown linearizable so far, other than `except` (after a violation: where else one
   * may lie), each with the cut below which its search so far shows it linearizable (0 if not started).
   */
  undecided(except: Partition): UndecidedPartition[] {
    return this.live
      .filter((slot) => slot.part !== except)
      .map((slot) => ({ part: slot.part, linearizableBelow: slot.search?.linearizableBelow() ?? 0 }));
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
    return b;
  }

  private unresolved(why: string): string {
    const keys = this.live.map(({ part }) => (part.key === undefined ? 'the history' : JSON.stringify(part.key)));
    const shown = keys.length > 5 ? `${keys.slice(0, 5).join(', ')}, ... (${keys.length} partitions)` : keys.join(', ');
    return `${why} before deciding ${shown}; no violation found so far`;
  }
}
