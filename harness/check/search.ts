/**
 * Wing–Gong linearizability search with Lowe's memo (as in Porcupine's
 * `checker.go`, `checkSingle`), as a resumable state machine.
 *
 * The history becomes a doubly-linked list of call and return entries in
 * real-time order (`info` operations have no return: they may take effect at
 * any time after their call, or never). The candidates for the next
 * linearization point are the calls before the first return in the list. The
 * search "lifts" a candidate whose step is legal out of the list (pushing it
 * on an explicit stack) unless the resulting (linearized set, state) is in the
 * memo; meeting a return entry means the pending operation it closes could not
 * be placed, so it backtracks ("unlifts" the last choice and tries the next
 * candidate). The candidates of a configuration are tried in two passes:
 * the `ok` calls first, then (only if the first pass passed any) the `info`
 * calls, which may take effect anywhere later or never, so placing them early
 * is rarely what a linearization needs. It succeeds when every `ok` operation
 * is linearized, and finds a violation when it must backtrack from the empty
 * stack. No recursion: `run`
 * executes a bounded number of steps and returns, so many searches can be
 * interleaved and budgets checked between slices.
 *
 * The linearized `ok` set is hashed incrementally (XOR of per-operation
 * random words, Zobrist style) and stored in the memo as frontier +
 * exceptions, with lookups by subsumption over `info` operations (see
 * memo-table.ts, linearized-info.ts), so a memo entry costs O(concurrency),
 * not O(n) bits. A read is legal iff the current state id is the one it
 * requires (`Model.legalOnlyIn`); for growing models, states that pending
 * reads rule out are discarded before they are memoized (future-reads.ts).
 * A search that fails reports where the violation lies (`hint`), which
 * witness minimization starts from (minimize.ts).
 */
import type { Operation } from '../../traces/history.js';
import type { Input, Model } from '../../spec/model.js';
import { MemoTable } from './memo-table.js';
import { StateTable } from './state-table.js';
import { HistoryLayout } from './history-layout.js';
import { FutureReads } from './future-reads.js';
import { LinearizedInfo } from './linearized-info.js';

/** Where a search stands. */
export type SearchStatus = 'running' | 'ok' | 'violation';

/** The deepest partial linearization a search reached, for the witness. */
export interface BestPrefix {
  readonly linearized: readonly Operation[];
  readonly stuck: readonly Operation[];
  readonly state: unknown;
}

/** What a search that found a violation learned about where it lies (minimize.ts starts from it). */
export interface ViolationHint {
  /**
   * An event position at which the history can be cut (`prefixAt`) and stay not linearizable:
   * just after the latest return that stopped the search. (A linearization of that prefix would
   * lead the search to a configuration whose first pending return is later, which it never
   * reached; the returns of pending reads that pruned a state count as stopping it.)
   */
  readonly cut: number;
  /** Call positions of the operations whose returns stopped the search. */
  readonly blockers: readonly number[];
  /**
   * An event position at which the history is known to be linearizable when cut there: the latest
   * first-pending return among the configurations the search reached. Such a configuration has
   * linearized every operation returning before it, and only operations called before it, so it
   * orders `prefixAt(ops, linearizableBelow)` (whose operations still open at the cut may take any
   * output). Equal to `cut - 1` unless a pending read's pruning made the latest stop.
   */
  readonly linearizableBelow: number;
}

/** Steps `runFor` runs between looks at the clock. */
const SLICE = 65536;

/** Cursor value at the end of the entry list (HistoryLayout's TAIL). */
const END = -1;
/** Cursor value meaning: the current configuration has failed, backtrack. */
const BACKTRACK = -2;

/** A resumable linearizability search over one (sub-)history. */
export class LinearizabilitySearch {
  status: SearchStatus = 'running';
  steps = 0;
  readonly memo: MemoTable;
  private readonly states: StateTable;
  private readonly h: HistoryLayout;
  private readonly lin: Uint8Array;
  private readonly lastFrom: Int32Array; // one-entry transition cache per op
  private readonly needState: Int32Array; // for a read: the id of the one state it is legal in, else -1
  private readonly future: FutureReads<unknown> | undefined;
  private readonly lastTo: Int32Array;
  private readonly stackOp: Int32Array;
  private readonly stackState: Int32Array;
  private readonly stackForced: Uint8Array;
  private readonly scratch: Int32Array;
  private readonly next: Int32Array;
  private depth = 0;
  private cursor: number;
  private cur: number;
  private zh = 0;
  private readonly info: LinearizedInfo;
  private f = 0;
  private okLeft: number;
  private bestLen = -1;
  private readonly bestOps: Int32Array;
  private bestValid = 0; // bestOps[0..bestValid) equals the current stack
  private bestState = 0;
  private bestStuck: number[] = [];
  private lastBlock = -1; // latest return position that stopped the search (see ViolationHint)
  private lastMet = 0; // latest return position met as a configuration's first pending return
  private readonly blocked: Uint8Array; // ops whose return (or pending read) ever stopped the search
  private phase = 0; // 0: trying the ok candidates, 1: the info ones
  private sawInfo = false; // phase 0 of this configuration passed an info candidate (else phase 1 has nothing to try)
  private readonly stackSawInfo: Uint8Array; // sawInfo of each configuration on the stack, for resuming it
  private pruned = -1; // the pending read that last ruled out a candidate in this configuration

  constructor(ops: readonly Operation[], private readonly model: Model) {
    const h = (this.h = new HistoryLayout(ops, model));
    const n = h.n;
    this.states = new StateTable(model);
    this.info = new LinearizedInfo(h);
    this.memo = new MemoTable(this.info.sets, h.isOk, this.info.exact);
    this.next = h.next;
    this.lin = new Uint8Array(n);
    this.lastFrom = new Int32Array(n).fill(-1);
    this.lastTo = new Int32Array(n);
    this.needState = new Int32Array(n).fill(-1);
    this.blocked = new Uint8Array(n);
    this.stackOp = new Int32Array(n);
    this.stackState = new Int32Array(n);
    this.stackForced = new Uint8Array(n);
    this.stackSawInfo = new Uint8Array(n);
    this.scratch = new Int32Array(Math.max(1, h.maxAbove)); // what `above` writes: not one slot per operation
    this.bestOps = new Int32Array(n);
    this.cur = this.states.internInit(model.init());
    const future = (this.future = model.monotone !== undefined && model.legalOnlyIn !== undefined ? new FutureReads(h, this.states, this.needState, model.monotone) : undefined);
    if (model.legalOnlyIn !== undefined) {
      // One pass over the operations for what the model says of each: the state a read is legal in, and
      // whether an operation grows or resets the state (FutureReads). Each input is made here and dropped
      // at once (young garbage, free to collect; held for the whole set-up they were promoted).
      let lastState: { state: unknown; id: number } | undefined;
      for (let k = 0; k < n; k++) {
        const read = h.readOnly[k] === 1;
        if (!read && future === undefined) continue; // (without touching the operation's object)
        const op = h.ops[k]!;
        const input = inputOf(op);
        if (future !== undefined) future.classify(k, input);
        if (!read) continue;
        const out = op.status === 'ok' ? op.output : undefined;
        const only = out !== undefined ? model.legalOnlyIn(input, out) : undefined;
        if (only === undefined) continue;
        // Reads return the same value again and again until it changes (as read, the same string):
        // a read that needs the previous read's state is not hashed and interned again.
        const st = only.state;
        if (lastState === undefined || st !== lastState.state) lastState = { state: st, id: this.states.internInit(st) };
        this.needState[k] = lastState.id;
      }
    }
    this.cursor = h.next[h.head]!;
    this.okLeft = h.okCount;
    this.f = h.advanceFrontier(0, this.lin);
    if (this.okLeft === 0) this.status = 'ok';
  }

  /** Estimated bytes held by this search (memo, states, per-op arrays). */
  bytes(): number {
    return this.memo.bytes() + this.states.bytes() + this.h.n * 64;
  }

  /** Runs up to `budget` steps; returns how many were used. */
  run(budget: number): number {
    const h = this.h;
    const { next, lin } = this;
    const n = h.n;
    let steps = 0;
    while (steps < budget && this.status === 'running') {
      steps++;
      const e = this.cursor;
      if ((e === END || e >= n) && this.phase === 0 && this.sawInfo) {
        // The ok candidates are exhausted: now the info ones (which may also never take effect).
        this.phase = 1;
        this.cursor = next[h.head]!;
        continue;
      }
      if (e >= 0 && e < n && (h.isOk[e] === 1) !== (this.phase === 0)) {
        if (this.phase === 0) this.sawInfo = true;
        this.cursor = next[e]!;
        continue;
      }
      if (e < 0 || e >= n) {
        if (e >= n) {
          this.blockedAt(e - n);
          const r = h.retAt[e - n]!;
          if (r > this.lastMet) this.lastMet = r;
        }
        if (this.depth > this.bestLen) this.recordBest();
        if (this.depth === 0) {
          this.status = 'violation';
          break;
        }
        this.pop();
        continue;
      }
      const to = this.transition(e);
      // (One store of the cursor for every way on: a store in a branch the first histories never take
      // leaves the optimized loop without feedback there, and it bails out when a later one does.)
      let on = next[e]!;
      if (to >= 0) {
        const read = h.readOnly[e]!;
        if (read === 0 && this.future !== undefined && this.future.rulesOut(to)) {
          this.blockedAt((this.pruned = this.future.culprit));
        } else if (this.tryLift(e, to, read)) {
          continue;
        } else if (read === 1) {
          // A legal read can always go first (it changes no state and nothing pending must precede it),
          // so if (L + read, s) failed, so does (L, s): no other candidate needs trying.
          on = BACKTRACK;
        }
      }
      this.cursor = on;
    }
    this.steps += steps;
    return steps;
  }

  /**
   * Runs until decided, `maxSteps` in all, or (checked between slices of at most SLICE steps) past
   * `deadline`; returns the status. For searches run on their own, not interleaved.
   */
  runFor(maxSteps: number, deadline?: number): SearchStatus {
    while (this.status === 'running' && this.steps < maxSteps) {
      this.run(Math.min(SLICE, maxSteps - this.steps));
      if (deadline !== undefined && Date.now() >= deadline) break;
    }
    return this.status;
  }

  /** Linearizes op `e` into state `to` unless that configuration is memoized; `forced` marks a read taken without alternatives. */
  private tryLift(e: number, to: number, forced: number): boolean {
    const h = this.h;
    const lin = this.lin;
    if (h.isOk[e] === 1 && this.okLeft === 1) {
      lin[e] = 1;
      this.lift(e, to, h.advanceFrontier(this.f, lin), this.zh ^ h.zobrist[e]!, forced, this.info.below);
      this.status = 'ok';
      return true;
    }
    lin[e] = 1;
    const f = e === this.f ? h.advanceFrontier(e, lin) : this.f;
    const zh = this.zh ^ h.zobrist[e]!;
    const hash = mix(zh, this.states.hashOf(to));
    const okExtra = h.okCount - this.okLeft + h.isOk[e]! - h.okBelow[f]!;
    const sig = this.info.sigWith(e);
    if (this.memo.has(hash, f, to, okExtra, sig, lin)) {
      lin[e] = 0;
      return false;
    }
    const below = this.info.belowAfter(e, this.f, f, lin);
    this.memo.add(hash, f, to, this.scratch, h.above(f, lin, this.scratch), okExtra, sig, below);
    this.lift(e, to, f, zh, forced, below);
    return true;
  }

  /**
   * An event position at which the history, cut there (`prefixAt`), is shown linearizable by what the
   * search has reached so far, whether or not it has ended (Infinity once the whole history is): the
   * latest first pending return of a configuration reached, the current one included. As for
   * `ViolationHint.linearizableBelow`, such a configuration has linearized every operation returning
   * before it and only operations called before it. A search run part way thus tells a caller
   * interested only in a prefix (linearizability.ts, `earliestViolation`) whether it needs another.
   */
  linearizableBelow(): number {
    if (this.status === 'ok') return Infinity;
    let r = this.lastMet;
    const { next, head, n } = this.h;
    for (let x = next[head]!; x >= 0; x = next[x]!) {
      if (x < n) continue;
      const ret = this.h.retAt[x - n]!;
      if (ret > r) r = ret;
      break;
    }
    return r;
  }

  /** After a violation: where it lies (see ViolationHint). */
  hint(): ViolationHint {
    return { cut: this.lastBlock + 1, linearizableBelow: this.lastMet, blockers: this.h.ops.filter((_, k) => this.blocked[k] === 1).map((op) => op.call) };
  }

  /** Op `k`'s return (or pending read) stopped the search here. */
  private blockedAt(k: number): void {
    this.blocked[k] = 1;
    const r = this.h.retAt[k]!;
    if (r > this.lastBlock) this.lastBlock = r;
  }

  /** The deepest partial linearization found so far. */
  best(): BestPrefix {
    const ops = this.h.ops;
    const len = Math.max(this.bestLen, 0);
    return {
      linearized: Array.from(this.bestOps.subarray(0, len), (k) => ops[k]!),
      stuck: this.bestStuck.map((k) => ops[k]!),
      state: this.states.states[this.bestState],
    };
  }

  /** Id of the state after op `k` from the current state, or -1 if illegal. */
  private transition(k: number): number {
    const cur = this.cur;
    const need = this.needState[k]!;
    if (need >= 0) return need === cur ? cur : -1; // interned ids are canonical: equal states, equal ids
    if (this.lastFrom[k] === cur) return this.lastTo[k]!;
    const s = this.states.states[cur];
    // The input is built per step, not kept per operation: a search of 100,000 operations held 5 MB
    // of them, and a partitioned history runs all its searches at once. The step is cached below.
    const op = this.h.ops[k]!;
    const input = inputOf(op);
    const r = this.model.step(s, input, op.status === 'ok' ? op.output : undefined);
    const to = !r.legal ? -1 : r.next === s ? cur : this.states.internStep(cur, input, r.next);
    this.lastFrom[k] = cur;
    this.lastTo[k] = to;
    return to;
  }

  /** Linearizes op `k` (already flagged in `lin`), moving to state `to`, frontier `f`, set hash `zh`, info set `below`. */
  private lift(k: number, to: number, f: number, zh: number, forced: number, below: number): void {
    const h = this.h;
    this.stackForced[this.depth] = forced;
    this.stackSawInfo[this.depth] = this.sawInfo ? 1 : 0;
    this.sawInfo = false;
    this.info.push(this.depth, k, below);
    this.stackOp[this.depth] = k;
    this.stackState[this.depth] = this.cur;
    this.depth++;
    this.zh = zh;
    this.f = f;
    if (h.isOk[k] === 1) this.okLeft--;
    h.lift(k);
    this.future?.invalidate();
    this.pruned = -1;
    this.cur = to;
    this.cursor = h.next[h.head]!;
    this.phase = 0;
  }

  /** Backtracks: undoes the last linearization and moves on to the next candidate. */
  private pop(): void {
    const h = this.h;
    this.depth--;
    if (this.bestValid > this.depth) this.bestValid = this.depth;
    const k = this.stackOp[this.depth]!;
    this.cur = this.stackState[this.depth]!;
    this.info.pop(this.depth, k);
    h.unlift(k);
    this.future?.invalidate();
    this.pruned = -1;
    this.lin[k] = 0;
    this.zh ^= h.zobrist[k]!;
    if (h.isOk[k] === 1) {
      this.okLeft++;
      if (k < this.f) this.f = k;
    }
    this.cursor = this.stackForced[this.depth] === 1 ? BACKTRACK : h.next[k]!;
    this.phase = h.isOk[k] === 1 ? 0 : 1;
    this.sawInfo = this.stackSawInfo[this.depth] === 1;
  }

  /** Copies the current stack (incrementally) and the stuck candidates as the new best. */
  private recordBest(): void {
    for (let i = this.bestValid; i < this.depth; i++) this.bestOps[i] = this.stackOp[i]!;
    this.bestValid = this.bestLen = this.depth;
    this.bestState = this.cur;
    this.bestStuck = this.h.stuckCandidates(this.cursor);
    // A pending read that ruled out every candidate's state is the culprit, whatever return came first.
    if (this.pruned >= 0 && !this.bestStuck.includes(this.pruned)) this.bestStuck.unshift(this.pruned);
  }
}

/** What an operation asked for, as `Model.step` takes it. */
function inputOf(op: Operation): Input {
  return { f: op.f, key: op.key, value: op.input };
}

/** Combines the linearized-set hash with a state hash. */
function mix(zh: number, sh: number): number {
  let x = Math.imul(sh ^ (sh >>> 16), 0x45d9f3b);
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b);
  return (zh ^ x ^ (x >>> 16)) | 0;
}
