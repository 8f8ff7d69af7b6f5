/**
 * Anti-entropy by Merkle-tree comparison (Dynamo §4.7, after Merkle 1987):
 * the keys two replicas share are split into `BUCKETS` ranges by hash; a leaf
 * hashes the (key, stamp) pairs of its range and the root hashes the leaves.
 * Equal roots end the exchange in one message; otherwise only the ranges
 * whose leaves differ are sent, so replicas that agree exchange no data.
 */
import { hashString } from '../../spec/json-value.js';
import type { Versioned } from './messages.js';

/** The number of key ranges (leaves). */
export const BUCKETS = 16;

/** The range (leaf) a key falls in. */
export const bucketOf = (key: string): number => (hashString(key) >>> 0) % BUCKETS;

/** A two-level Merkle tree: the leaves' hashes and the root over them. */
export interface MerkleTree {
  readonly root: number;
  readonly leaves: number[];
}

/** The tree over `entries` (key → versioned value). */
export function merkleTree(entries: Iterable<readonly [string, Versioned]>): MerkleTree {
  const parts: string[][] = Array.from({ length: BUCKETS }, () => []);
  for (const [key, v] of entries) parts[bucketOf(key)]!.push(`${key}\u0000${v.ts.t}.${v.ts.n}`);
  const leaves = parts.map((p) => hashString(p.sort().join('\u0001')) >>> 0);
  return { root: hashString(leaves.join(',')) >>> 0, leaves };
}

/** The leaves where two trees differ. */
export function differingLeaves(a: readonly number[], b: readonly number[]): number[] {
  return a.map((_, i) => i).filter((i) => a[i] !== b[i]);
}
