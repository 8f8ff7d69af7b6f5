/**
 * A digest of a replicated KV state machine's state — its data (key → value)
 * and its client sessions (client → last sequence number and its result) —
 * and the ghost that holds every replica to the state first reached at each
 * applied index.
 *
 * The digest is a sum over the state's entries of a mixed hash of each entry,
 * so it does not depend on the order entries were inserted in (a state
 * rebuilt from a snapshot digests like the one that was applied entry by
 * entry), and it can be maintained per write: `KvDigest` keeps it as the
 * state changes, hashing only what a command adds (an append extends its
 * value's polynomial hash). Strings are hashed in two lanes modulo primes
 * below 2^26 (products stay exact in doubles); the digest keeps 53 bits of
 * the two 32-bit sums. Two different states collide with probability about
 * 2^-50 per comparison, and a collision can only hide a bug, never report one.
 */

const P1 = 67_108_859;
const P2 = 67_108_837;
const B1 = 131;
const B2 = 65_599;

/** A string's polynomial hash in two lanes, with its base raised to the string's length (to append to it). */
export interface StrHash {
  readonly h1: number;
  readonly h2: number;
  readonly p1: number;
  readonly p2: number;
}

/** The hash of "". */
export const EMPTY_HASH: StrHash = { h1: 0, h2: 0, p1: 1, p2: 1 };

/** The hash of `s`. */
export function hashString(s: string): StrHash {
  let h1 = 0;
  let h2 = 0;
  let p1 = 1;
  let p2 = 1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) + 1;
    h1 = (h1 * B1 + c) % P1;
    h2 = (h2 * B2 + c) % P2;
    p1 = (p1 * B1) % P1;
    p2 = (p2 * B2) % P2;
  }
  return { h1, h2, p1, p2 };
}

/** The hash of the concatenation of the strings hashed to `a` and `b`. */
export const concatHash = (a: StrHash, b: StrHash): StrHash => ({
  h1: (a.h1 * b.p1 + b.h1) % P1,
  h2: (a.h2 * b.p2 + b.h2) % P2,
  p1: (a.p1 * b.p1) % P1,
  p2: (a.p2 * b.p2) % P2,
});

/** MurmurHash3's 32-bit finalizer. */
function fmix(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const DATA = 0x3c6ef372;
const SESSION = 0x5be0cd19;

/** One state entry's contribution to the two sums: a non-linear mix of its key's and its value's hashes. */
function contribution(tag: number, key: StrHash, value: StrHash, seq: number): [number, number] {
  const k1 = fmix(key.h1 ^ tag);
  const k2 = fmix(key.h2 ^ ~tag);
  return [fmix(fmix(k1 + value.h1) + seq), fmix(fmix(k2 + value.h2) ^ seq)];
}

/** The digest of two 32-bit sums, as an exact integer of 53 bits. */
const combine = (s1: number, s2: number): number => s1 * 2_097_152 + (s2 >>> 11);

/** The digest of a state, computed from scratch (the definition `KvDigest` maintains incrementally). */
export function kvDigest(data: Iterable<readonly [string, string]>, sessions: Iterable<readonly [string, number, string]>): number {
  let s1 = 0;
  let s2 = 0;
  for (const [k, v] of data) {
    const [a, b] = contribution(DATA, hashString(k), hashString(v), 0);
    s1 = (s1 + a) >>> 0;
    s2 = (s2 + b) >>> 0;
  }
  for (const [c, seq, v] of sessions) {
    const [a, b] = contribution(SESSION, hashString(c), hashString(v), seq);
    s1 = (s1 + a) >>> 0;
    s2 = (s2 + b) >>> 0;
  }
  return combine(s1, s2);
}

/** A state's digest kept up to date write by write (see the file comment); equals `kvDigest` of the state. */
export class KvDigest {
  private s1 = 0;
  private s2 = 0;
  private readonly values = new Map<string, { readonly key: StrHash; value: StrHash; c: [number, number] }>();
  private readonly sessions = new Map<string, { readonly key: StrHash; c: [number, number] }>();

  /** The digest of the state now. */
  get value(): number {
    return combine(this.s1, this.s2);
  }

  /** The hash of `key`'s current value (of "" when unwritten). */
  valueHash(key: string): StrHash {
    return this.values.get(key)?.value ?? EMPTY_HASH;
  }

  /** `key` now holds a value hashed to `value` (e.g. `hashString(v)`, or `concatHash(valueHash(key), hashString(suffix))`). */
  setValue(key: string, value: StrHash): void {
    let e = this.values.get(key);
    if (e === undefined) this.values.set(key, (e = { key: hashString(key), value, c: [0, 0] }));
    else this.take(e.c);
    e.value = value;
    e.c = contribution(DATA, e.key, value, 0);
    this.give(e.c);
  }

  /** `client`'s session now records `seq` with a result hashed to `value`. */
  setSession(client: string, seq: number, value: StrHash): void {
    let e = this.sessions.get(client);
    if (e === undefined) this.sessions.set(client, (e = { key: hashString(client), c: [0, 0] }));
    else this.take(e.c);
    e.c = contribution(SESSION, e.key, value, seq);
    this.give(e.c);
  }

  /** The empty state. */
  clear(): void {
    this.values.clear();
    this.sessions.clear();
    this.s1 = this.s2 = 0;
  }

  private take(c: readonly [number, number]): void {
    this.s1 = (this.s1 - c[0]) >>> 0;
    this.s2 = (this.s2 - c[1]) >>> 0;
  }

  private give(c: readonly [number, number]): void {
    this.s1 = (this.s1 + c[0]) >>> 0;
    this.s2 = (this.s2 + c[1]) >>> 0;
  }
}
