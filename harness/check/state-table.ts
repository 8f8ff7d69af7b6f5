/**
 * Interning of model states: every distinct state (by `model.hash`, confirmed
 * with `model.equal`) gets a small integer id, so the memo stores and compares
 * ids, and each state's hash is computed once (incrementally when the model
 * offers `hashStep`). Own chained hash table on typed arrays: a JS Map would
 * cap at 2^24 entries.
 */
import type { Input, Model } from '../../spec/model.js';

/** Rough bytes per interned state in the table (slot, hash, chain) besides the state itself. */
const BYTES_PER_STATE = 48;

/**
 * Rough size of a state value: strings count their characters (long kv values dominate the
 * memory of a kv search, and a state compared once is flattened into its own copy), arrays
 * and objects their slots, one level deep.
 */
function stateBytes(s: unknown): number {
  if (typeof s === 'string') return 16 + s.length;
  if (typeof s !== 'object' || s === null) return 8;
  let b = 32;
  for (const v of Object.values(s)) b += 16 + (typeof v === 'string' ? v.length : 0);
  return b;
}

/** Interned model states of one search. */
export class StateTable<S = unknown> {
  readonly states: S[] = [];
  // (Small at first, doubled as states come: most searches, a minimization probe's, meet a few dozen states,
  // and a typed array is a buffer outside the heap whose allocation and collection cost more than its size.)
  private hashes = new Int32Array(32);
  private chain = new Int32Array(32);
  private heads = new Int32Array(32).fill(-1);
  private valueBytes = 0;

  constructor(private readonly model: Model<S>) {}

  /** How many states are interned. */
  get size(): number {
    return this.states.length;
  }

  /** The hash of state `id`. */
  hashOf(id: number): number {
    return this.hashes[id]!;
  }

  /** Estimated bytes held by the table. */
  bytes(): number {
    return this.states.length * BYTES_PER_STATE + this.heads.length * 4 + this.valueBytes;
  }

  /** Id of `s`, whose hash is `h`, interning it if new. */
  intern(s: S, h: number): number {
    const mask = this.heads.length - 1;
    for (let i = this.heads[h & mask]!; i >= 0; i = this.chain[i]!) {
      const t = this.states[i]!;
      if (this.hashes[i] === h && (t === s || this.model.equal(t, s))) return i;
    }
    const id = this.states.length;
    if (id === this.hashes.length) this.grow();
    this.states.push(s);
    this.valueBytes += stateBytes(s);
    this.hashes[id] = h;
    const m = this.heads.length - 1;
    this.chain[id] = this.heads[h & m]!;
    this.heads[h & m] = id;
    return id;
  }

  /** Id of the state after applying `input` to state `from` yields `next`. */
  internStep(from: number, input: Input, next: S): number {
    const hs = this.hashes[from]!;
    const step = this.model.hashStep;
    const h = step !== undefined ? step(this.states[from]!, hs >>> 0, input, next) | 0 : this.model.hash(next) | 0;
    return this.intern(next, h);
  }

  /** Id of the initial state. */
  internInit(s: S): number {
    return this.intern(s, this.model.hash(s) | 0);
  }

  private grow(): void {
    const cap = this.hashes.length * 2;
    const hashes = new Int32Array(cap);
    hashes.set(this.hashes);
    this.hashes = hashes;
    this.chain = new Int32Array(cap);
    this.heads = new Int32Array(cap).fill(-1);
    const m = cap - 1;
    for (let i = 0; i < this.states.length; i++) {
      const b = hashes[i]! & m;
      this.chain[i] = this.heads[b]!;
      this.heads[b] = i;
    }
  }
}
