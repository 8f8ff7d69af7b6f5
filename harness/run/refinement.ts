/**
 * Refinement check (Abadi & Lamport, "The existence of refinement mappings"):
 * after every step that ran on a server, the descriptor's abstraction maps
 * the implementation's state to a spec state; whenever it changes from a to
 * b, some operation that may be taking effect now — invoked and not
 * completed, or indeterminate (`info`), and not already used to explain an
 * earlier change — must explain it: `model.step(a, input, output) = b`. A
 * single server step may apply a short batch, so a chain of up to
 * MAX_CHAIN operations is accepted. The first unexplained change fails.
 */
import type { NodeId } from '../../impl/actor.js';
import type { Input, Model } from '../../spec/model.js';
import type { WorldView } from '../sim/types.js';
import type { OpRecord } from '../workload/driver.js';
import { fmtTime } from './format-time.js';
import type { Failure } from './failure.js';

/** Longest chain of operations one step may apply. */
export const MAX_CHAIN = 3;

/** Incremental refinement monitor of one run. */
export class RefinementMonitor {
  private prev: unknown;
  private readonly used = new Set<number>();

  constructor(
    private readonly model: Model,
    private readonly abstraction: (view: WorldView) => unknown,
    private readonly records: readonly OpRecord[],
    private readonly describe: (r: OpRecord) => string,
  ) {}

  /** Takes the initial abstract state, which must equal the model's initial state. */
  start(view: WorldView): Failure | undefined {
    const s = this.abstraction(view);
    this.prev = s === undefined ? this.model.init() : s;
    if (!this.model.equal(this.prev, this.model.init())) {
      return this.failure(view, 'start', `initial abstract state ${this.model.showState(this.prev)} is not the spec's initial state ${this.model.showState(this.model.init())}`);
    }
    return undefined;
  }

  /** Checks the step that just ran on server `node`. */
  step(view: WorldView, node: NodeId): Failure | undefined {
    const b = this.abstraction(view);
    if (b === undefined) return undefined;
    const a = this.prev;
    if (this.model.equal(a, b)) return undefined;
    const candidates = this.records.filter(
      (r) => (r.status === 'open' || r.status === 'info') && !this.used.has(r.index) && !(this.model.isReadOnly?.(inputOf(r)) ?? false),
    );
    let chain: OpRecord[] | undefined;
    // Iterative deepening: the shortest explanation wins, so no extra operation is used up.
    for (let depth = 1; depth <= MAX_CHAIN && chain === undefined; depth++) chain = this.explain(a, b, candidates, [], depth);
    if (chain === undefined) {
      const inFlight = candidates.map(this.describe).join('; ') || 'none';
      return this.failure(
        view, node,
        `abstract state changed from ${this.model.showState(a)} to ${this.model.showState(b)} and no operation in flight explains it (in flight: ${inFlight})`,
      );
    }
    for (const r of chain) this.used.add(r.index);
    this.prev = b;
    return undefined;
  }

  private explain(a: unknown, b: unknown, cands: readonly OpRecord[], chain: OpRecord[], depth: number): OpRecord[] | undefined {
    if (chain.length >= depth) return undefined;
    for (const r of cands) {
      if (chain.includes(r)) continue;
      const res = this.model.step(a, inputOf(r), r.status === 'open' || r.status === 'info' ? undefined : r.output);
      if (!res.legal) continue;
      const next = [...chain, r];
      if (next.length === depth && this.model.equal(res.next, b)) return next;
      const deeper = this.explain(res.next, b, cands, next, depth);
      if (deeper !== undefined) return deeper;
    }
    return undefined;
  }

  private failure(view: WorldView, node: NodeId, what: string): Failure {
    return { property: 'refinement', kind: 'refinement', time: view.time, step: view.steps, detail: `step ${view.steps} at ${fmtTime(view.time)} on ${node}: ${what}` };
  }
}

function inputOf(r: OpRecord): Input {
  return { f: r.f, key: r.key, value: r.input };
}
