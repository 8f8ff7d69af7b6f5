/**
 * Refinement check (Abadi & Lamport, "The existence of refinement mappings"):
 * after every step that ran on a server, the descriptor's abstraction maps
 * the implementation's state to a spec state; whenever it changes from a to
 * b, some operations that may be taking effect now — invoked and not
 * completed, or indeterminate (`info`), and not already used to explain an
 * earlier change — must explain it: a chain `model.step(a, op₁) … = b`. One
 * server step may apply a whole batch (a new Raft leader's first commit
 * applies what the previous term left, up to one write per client and any
 * given-up ones), so chains of up to `maxChain` operations are accepted
 * (the descriptor's `refinement.maxChain`, default: its number of clients).
 * That bound is part of the property: a change that no chain of at most
 * `maxChain` candidates explains is a violation, even if a longer one would.
 *
 * The search is a breadth-first walk over (state, set of operations used):
 * the shallowest explanation wins, so no extra operation is used up; states
 * reached by the same set of operations are merged (operations on different
 * keys commute, so permutations collapse), steps that leave the state as it
 * was are skipped (they can be dropped from any chain), and the walk stops
 * at the first explanation. It visits at most one node per subset of the
 * candidates of size ≤ maxChain, and never more than `searchLimit` nodes
 * (default `SEARCH_LIMIT`). So a step ends one of three ways: explained;
 * *exhausted* — every chain of length ≤ maxChain was tried and none leads to
 * b, a violation; or *out of budget* — the limit was hit first, and the step
 * is neither explained nor refuted. Then the monitor cannot know the abstract
 * state it should continue from (the spec state the implementation "really"
 * is in is whatever chain would have explained b), so it stops: it reports
 * `unknown` with the step once and checks nothing after it; the seed is
 * `unknown` unless another property fails. The first unexplained change fails.
 * Most steps change nothing: an abstraction that returns the very state
 * object it returned before is taken at its word without a comparison.
 */
import type { NodeId } from '../../impl/actor.js';
import type { Input, Model } from '../../spec/model.js';
import type { WorldView } from '../sim/types.js';
import type { OpRecord } from '../workload/driver.js';
import { fmtTime } from './format-time.js';
import type { Failure } from './failure.js';

/** Search nodes one refinement step may visit (a deterministic bound, not a time budget). */
export const SEARCH_LIMIT = 200_000;

/** Options of the monitor. */
export interface RefinementOptions {
  /** Longest chain of operations one step may apply. */
  readonly maxChain: number;
  /** Search nodes one step may visit before it is given up as `unknown` (default `SEARCH_LIMIT`). */
  readonly searchLimit?: number;
}

/** What checking one step found: nothing to report, a violation, or a step the search budget could not decide. */
export type RefinementResult =
  | undefined
  | { readonly verdict: 'fail'; readonly failure: Failure }
  | { readonly verdict: 'unknown'; readonly reason: string };

interface Node {
  readonly state: unknown;
  readonly hash: number;
  /** Candidate positions used, ascending. */
  readonly used: readonly number[];
}

/** Incremental refinement monitor of one run. */
export class RefinementMonitor {
  private prev: unknown;
  private readonly used = new Set<number>();
  /** The candidates of the last change (see `inFlight`) and how many records have been looked at. */
  private pool: OpRecord[] = [];
  private scanned = 0;
  /** Search nodes visited over the whole run (for benchmarks). */
  visited = 0;
  /** Set once a step was out of budget or failed: the abstract state is no longer known, so nothing more is checked. */
  private stopped = false;

  /** @param records The run's operations as the driver records them: appended as invoked, completed once. */
  constructor(
    private readonly model: Model,
    private readonly abstraction: (view: WorldView) => unknown,
    private readonly records: readonly OpRecord[],
    private readonly describe: (r: OpRecord) => string,
    private readonly opts: RefinementOptions = { maxChain: 3 },
  ) {}

  /** Takes the initial abstract state, which must equal the model's initial state. */
  start(view: WorldView): Failure | undefined {
    const s = this.abstraction(view);
    this.prev = s === undefined ? this.model.init() : s;
    if (!this.model.equal(this.prev, this.model.init())) {
      this.stopped = true;
      return this.failure(view, 'start', `initial abstract state ${this.model.showState(this.prev)} is not the spec's initial state ${this.model.showState(this.model.init())}`);
    }
    return undefined;
  }

  /**
   * Checks the step that just ran on server `node`. After a failure or an `unknown` step the monitor
   * stops (it no longer knows the spec state to continue from) and returns undefined from then on.
   */
  step(view: WorldView, node: NodeId): RefinementResult {
    if (this.stopped) return undefined;
    const b = this.abstraction(view);
    if (b === undefined) return undefined;
    const a = this.prev;
    // The abstraction returns the very state it returned before when nothing changed: no comparison needed.
    if (a === b || this.model.equal(a, b)) return undefined;
    const candidates = this.inFlight();
    const found = this.explain(a, b, candidates);
    if (found === 'exhausted' || found === 'out-of-budget') {
      this.stopped = true;
      const change = `abstract state changed from ${this.model.showState(a)} to ${this.model.showState(b)}`;
      if (found === 'out-of-budget') {
        const limit = this.opts.searchLimit ?? SEARCH_LIMIT;
        return {
          verdict: 'unknown',
          reason: `refinement undecided at ${where(view, node)}: the ${change} and the search for a chain of at most ${this.opts.maxChain} of the ${candidates.length} operations in flight hit its limit of ${limit} nodes; refinement was not checked after that step`,
        };
      }
      const inFlight = candidates.map(this.describe).join('; ') || 'none';
      return { verdict: 'fail', failure: this.failure(view, node, `${change} and no chain of at most ${this.opts.maxChain} operations in flight explains it (in flight: ${inFlight})`) };
    }
    for (const r of found) this.used.add(r.index);
    this.prev = b;
    return undefined;
  }

  /**
   * The operations that may be taking effect now, in invocation order: open or `info`, not used yet,
   * not read-only. A record that is none of these stays so (completion, use and read-only-ness are
   * final), so only the last candidates and the records invoked since are looked at.
   */
  private inFlight(): OpRecord[] {
    const live = (r: OpRecord): boolean => (r.status === 'open' || r.status === 'info') && !this.used.has(r.index);
    const pool = this.pool.filter(live);
    for (; this.scanned < this.records.length; this.scanned++) {
      const r = this.records[this.scanned] as OpRecord;
      if (live(r) && !(this.model.isReadOnly?.(inputOf(r)) ?? false)) pool.push(r);
    }
    this.pool = pool;
    return pool;
  }

  /** The shortest chain of `cands` leading from `a` to `b` (breadth first, see the file comment), or why there is none. */
  private explain(a: unknown, b: unknown, cands: readonly OpRecord[]): OpRecord[] | 'exhausted' | 'out-of-budget' {
    const m = this.model;
    const hb = m.hash(b);
    let frontier: Node[] = [{ state: a, hash: m.hash(a), used: [] }];
    let budget = this.opts.searchLimit ?? SEARCH_LIMIT;
    for (let depth = 1; depth <= this.opts.maxChain && frontier.length > 0; depth++) {
      const next: Node[] = [];
      const seen = new Map<string, unknown[]>();
      for (const n of frontier) {
        for (let i = 0; i < cands.length; i++) {
          if (n.used.includes(i)) continue;
          if (--budget < 0) return 'out-of-budget';
          this.visited++;
          const r = cands[i] as OpRecord;
          const res = m.step(n.state, inputOf(r), r.status === 'open' || r.status === 'info' ? undefined : r.output);
          if (!res.legal || res.next === n.state) continue;
          const h = m.hash(res.next);
          if (h === n.hash && m.equal(res.next, n.state)) continue;
          const used = [...n.used, i].sort((x, y) => x - y);
          if (h === hb && m.equal(res.next, b)) return used.map((k) => cands[k] as OpRecord);
          const key = `${h}:${used.join(',')}`;
          const same = seen.get(key);
          if (same?.some((s) => m.equal(s, res.next)) === true) continue;
          if (same === undefined) seen.set(key, [res.next]);
          else same.push(res.next);
          next.push({ state: res.next, hash: h, used });
        }
      }
      frontier = next;
    }
    return 'exhausted';
  }

  private failure(view: WorldView, node: NodeId, what: string): Failure {
    return { property: 'refinement', kind: 'refinement', time: view.time, step: view.steps, detail: `${where(view, node)}: ${what}` };
  }
}

function where(view: WorldView, node: NodeId): string {
  return `step ${view.steps} at ${fmtTime(view.time)} on ${node}`;
}

function inputOf(r: OpRecord): Input {
  return { f: r.f, key: r.key, value: r.input };
}
