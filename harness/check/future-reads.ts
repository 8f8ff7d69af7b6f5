/**
 * Pruning by pending reads, for models whose states grow (`Model.monotone`,
 * e.g. a string that only appends extend): if, from the current
 * configuration, only growing operations can be linearized before a pending
 * `ok` read — every unlinearized operation called before the read returned
 * grows — then the read's required state (`Model.legalOnlyIn`) must extend
 * the state reached now, or no continuation can linearize it. A state that
 * fails this test for one of the nearest such reads is discarded before it is
 * memoized. Without the test the search learns the order of concurrent
 * appends only when a read rejects it, after exploring every order below it;
 * with it a wrong order dies at its first append. On Porcupine's c50-ok kv
 * history this cuts the search from ~900k steps to ~40k.
 *
 * Sound because `grows` operations respect the preorder `extends`: a chain of
 * them from `s` ends in a state that extends `s`. Checking fewer reads only
 * prunes less, so the scan stops at the first non-growing call or after
 * `MAX_TARGETS` reads.
 */
import type { Model } from '../../spec/model.js';
import type { HistoryLayout } from './history-layout.js';
import type { StateTable } from './state-table.js';

/** How many pending reads a configuration is tested against. */
const MAX_TARGETS = 4;

/** The nearest pending reads of the current configuration, and the test against them. */
export class FutureReads<S> {
  private readonly grows: Uint8Array;
  private readonly targets = new Int32Array(MAX_TARGETS);
  private readonly targetOps = new Int32Array(MAX_TARGETS);
  /** After `rulesOut` returned true: the read that ruled the state out. */
  culprit = -1;
  private count = 0;
  private valid = false;

  constructor(
    private readonly h: HistoryLayout,
    private readonly states: StateTable<S>,
    /** Per op: the id of the one state the (ok, read-only) op is legal in, else -1. */
    private readonly needState: Int32Array,
    private readonly monotone: NonNullable<Model<S>['monotone']>,
  ) {
    this.grows = Uint8Array.from(h.ops, (op) => (monotone.grows({ f: op.f, key: op.key, value: op.input }) ? 1 : 0));
  }

  /** The configuration changed (an op was linearized or undone). */
  invalidate(): void {
    this.valid = false;
  }

  /** Whether no sequence of growing operations leads from state `s` to some nearest pending read's state. */
  rulesOut(s: number): boolean {
    if (!this.valid) this.collect();
    const states = this.states.states;
    for (let i = 0; i < this.count; i++) {
      const t = this.targets[i]!;
      if (t !== s && !this.monotone.extends(states[t]!, states[s]!)) {
        this.culprit = this.targetOps[i]!;
        return true;
      }
    }
    return false;
  }

  /** Walks the entry list: read returns before the first call of a non-growing op become targets. */
  private collect(): void {
    const { next, head, n } = this.h;
    let count = 0;
    for (let x = next[head]!; x >= 0 && count < MAX_TARGETS; x = next[x]!) {
      if (x < n) {
        if (this.grows[x] === 0) break;
      } else {
        const t = this.needState[x - n]!;
        if (t >= 0) {
          this.targetOps[count] = x - n;
          this.targets[count++] = t;
        }
      }
    }
    this.count = count;
    this.valid = true;
  }
}
