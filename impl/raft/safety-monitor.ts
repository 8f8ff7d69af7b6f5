/**
 * Incremental checking of spec/raft.ts's safety predicates over a running
 * world: after each step on node `i`, evaluate every predicate against the
 * ghost history, then fold `i` into it. One monitor per world, found by the
 * world's view object, so the descriptor's static `always` properties share
 * one ghost per run and evaluate the predicates once per step.
 */
import type { NodeId } from '../actor.js';
import { initGhost, observe, raftInvariants, type RaftGhost } from '../../spec/raft.js';
import { raftView, type ServersView } from './abstraction.js';

/** The name of one of Raft's safety predicates. */
export type RaftInvariantName = keyof typeof raftInvariants;

/** What the monitor needs of a world view besides its servers: its step counter. */
export interface SteppedView extends ServersView {
  readonly steps: number;
}

/** The incremental safety monitor of one run. */
export class RaftSafetyMonitor {
  private ghost: RaftGhost = initGhost();
  private at = -1;
  private node: NodeId | undefined;
  private results: Partial<Record<RaftInvariantName, string>> = {};

  /** Check step `view.steps` on `node` (memoized per step) and return the failure of `name`, if any. */
  check(view: SteppedView, node: NodeId, name: RaftInvariantName): string | undefined {
    if (view.steps < this.at) this.ghost = initGhost();
    if (view.steps !== this.at || node !== this.node) {
      this.at = view.steps;
      this.node = node;
      const rv = raftView(view);
      const results: Partial<Record<RaftInvariantName, string>> = {};
      if (rv.node(node) !== undefined) {
        for (const k of Object.keys(raftInvariants) as RaftInvariantName[]) {
          const r = raftInvariants[k](this.ghost, rv, node);
          if (r !== undefined) results[k] = r;
        }
        this.ghost = observe(this.ghost, rv, node);
      }
      this.results = results;
    }
    return this.results[name];
  }

  /** Every failure of the last checked step. */
  failures(): Partial<Record<RaftInvariantName, string>> {
    return this.results;
  }
}

const monitors = new WeakMap<object, RaftSafetyMonitor>();

/** The monitor of the run whose world is `view`. */
export function monitorOf(view: object): RaftSafetyMonitor {
  let m = monitors.get(view);
  if (m === undefined) monitors.set(view, (m = new RaftSafetyMonitor()));
  return m;
}
