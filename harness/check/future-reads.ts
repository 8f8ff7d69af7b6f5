/**
 * Pruning by pending reads, for models whose states grow (`Model.monotone`,
 * e.g. a string that only appends extend): if, from the current
 * configuration, only growing operations can be linearized before a pending
 * `ok` read — every unlinearized operation called before the read returned
 * grows — then the read's required state (`Model.legalOnlyIn`) must extend
 * the state reached now, or no continuation can linearize it. Operations
 * that reset the state (a put) may stand between: then the read's state
 * must extend the current state or one of those resets' states. A state that
 * fails this test for one of the nearest such reads is discarded before it is
 * memoized. Without the test the search learns the order of concurrent
 * appends only when a read rejects it, after exploring every order below it;
 * with it a wrong order dies at its first append. On Porcupine's c50-ok kv
 * history this cuts the search from ~900k steps to ~40k.
 *
 * Limit: one key with ~20 concurrent clients (gen-history, 5% puts)
 * decided 160 operations in milliseconds but not 320: appends linearized
 * just before a put are wiped by it, so no read rules their order out, and
 * the search enumerated the orders of up to ~10 such appends (distinct
 * states, so the memo could not merge them). The unobserved-value quotient
 * (quotient.ts) merges those states: with a 5M-step budget, 320 operations
 * are now decided on generator seeds 1-3 and 640 on two of them, each in
 * under a second, while 1280 still runs out on two of three. Cutting
 * further needs ordering facts drawn from the reads' values (which appends a
 * read shows after which put), as Elle does for list-append histories.
 *
 * Sound because `grows` operations respect the preorder `extends`: a chain of
 * them from `s` ends in a state that extends `s`, and a chain that contains
 * resets ends in one that extends the last reset's state. Checking fewer reads only
 * prunes less, so the scan stops at the first non-growing call or after
 * `MAX_TARGETS` reads.
 */
import type { Input, Model } from '../../spec/model.js';
import type { HistoryLayout } from './history-layout.js';
import type { StateTable } from './state-table.js';

/** How many pending reads a configuration is tested against. */
const MAX_TARGETS = 4;
/** How many entries the walk for them looks at, at most. */
const MAX_WALK = 64;
/** Slots of the direct-mapped cache of `extends` answers (an entry that collides replaces the one there). */
const CACHE_SLOTS = 1 << 12;
const GROWS = 1, RESETS = 2; // kinds of ops; 0 = neither (stops the walk)

// `extends` answers by (search, later state id, earlier state id): the same few pairs are asked at
// almost every step. One direct-mapped cache on typed arrays for all searches, tagged by search: no
// allocation per lookup, nor per search (a history of many keys runs a search per key, and a
// minimization a search per probe).
const cacheOwner = new Int32Array(CACHE_SLOTS); // 0: empty
const cacheLater = new Int32Array(CACHE_SLOTS);
const cacheEarlier = new Int32Array(CACHE_SLOTS);
const cacheAnswer = new Uint8Array(CACHE_SLOTS);
let owners = 0;

/** A fresh tag for a search's entries in the shared cache (the cache is emptied when tags wrap around). */
function nextOwner(): number {
  if (owners === 0x3fffffff) {
    owners = 0;
    cacheOwner.fill(0);
  }
  return ++owners;
}

/** The nearest pending reads of the current configuration, and the test against them. */
export class FutureReads<S> {
  private readonly kind: Uint8Array;
  private readonly resetState: Int32Array; // for a resetting op: the id of the state it sets
  private readonly seenResets: number[] = [];
  private readonly targets = new Int32Array(MAX_TARGETS);
  private readonly targetOps = new Int32Array(MAX_TARGETS);
  /** After `rulesOut` returned true: the read that ruled the state out. */
  culprit = -1;
  private count = 0;
  private valid = false;
  /** This search's tag in the shared `extends` cache. */
  private readonly owner = nextOwner();

  /** Set up for `h`; the search's set-up then calls `classify` once for each operation. */
  constructor(
    private readonly h: HistoryLayout,
    private readonly states: StateTable<S>,
    /** Per op: the id of the one state the (ok, read-only) op is legal in, else -1. */
    private readonly needState: Int32Array,
    private readonly monotone: NonNullable<Model<S>['monotone']>,
  ) {
    this.kind = new Uint8Array(h.n);
    this.resetState = new Int32Array(h.n).fill(-1);
  }

  /** Records whether operation `k` (of the layout), asking for `input`, grows the state, resets it, or neither. */
  classify(k: number, input: Input): void {
    const monotone = this.monotone;
    if (monotone.grows(input)) {
      this.kind[k] = GROWS;
      return;
    }
    const to = monotone.resets?.(input);
    if (to === undefined) return;
    this.kind[k] = RESETS;
    this.resetState[k] = this.states.internInit(to.state);
  }

  /** The configuration changed (an op was linearized or undone). */
  invalidate(): void {
    this.valid = false;
  }

  /** Whether no sequence of growing operations leads from state `s` to some nearest pending read's state. */
  rulesOut(s: number): boolean {
    if (!this.valid) this.collect();
    for (let i = 0; i < this.count; i++) {
      const t = this.targets[i]!;
      if (!this.extendsId(t, s)) {
        this.culprit = this.targetOps[i]!;
        return true;
      }
    }
    return false;
  }

  /**
   * Walks the entry list up to the first call of an op that neither grows nor resets: the read
   * returns met become targets, unless the read's state extends the state of a reset called
   * before it (that reset, then growing ops, could lead there from anywhere).
   */
  private collect(): void {
    const { next, head, n } = this.h;
    const resets = this.seenResets;
    resets.length = 0;
    let count = 0;
    let walked = 0;
    for (let x = next[head]!; x >= 0 && count < MAX_TARGETS && walked < MAX_WALK; x = next[x]!, walked++) {
      if (x < n) {
        const kind = this.kind[x]!;
        if (kind === 0) break;
        if (kind === RESETS) resets.push(this.resetState[x]!);
      } else {
        const t = this.needState[x - n]!;
        if (t < 0 || this.extendsAny(t, resets)) continue;
        this.targetOps[count] = x - n;
        this.targets[count++] = t;
      }
    }
    this.count = count;
    this.valid = true;
  }

  private extendsAny(t: number, resets: readonly number[]): boolean {
    for (let i = 0; i < resets.length; i++) if (this.extendsId(t, resets[i]!)) return true;
    return false;
  }

  /** Whether state `later` extends state `earlier` (ids), answered once per pair while it stays cached. */
  private extendsId(later: number, earlier: number): boolean {
    if (later === earlier) return true;
    const owner = this.owner;
    const slot = (Math.imul(later, 0x9e3779b1) ^ Math.imul(earlier, 0x85ebca6b) ^ Math.imul(owner, 0xc2b2ae35)) >>> 20; // 12 bits
    if (cacheOwner[slot] === owner && cacheLater[slot] === later && cacheEarlier[slot] === earlier) return cacheAnswer[slot] === 1;
    const r = this.extendsStates(later, earlier);
    cacheOwner[slot] = owner;
    cacheLater[slot] = later;
    cacheEarlier[slot] = earlier;
    cacheAnswer[slot] = r ? 1 : 0;
    return r;
  }

  private extendsStates(later: number, earlier: number): boolean {
    const states = this.states.states;
    return this.monotone.extends(states[later]!, states[earlier]!);
  }
}
