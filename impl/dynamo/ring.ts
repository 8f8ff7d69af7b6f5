/**
 * Consistent hashing with virtual nodes (DeCandia et al., "Dynamo: Amazon's
 * highly available key-value store", SOSP 2007, §4.2): every server owns
 * `vnodes` tokens on a 32-bit ring; a key's *preference list* is the list of
 * distinct servers met walking clockwise from the key's hash. Its first `n`
 * are the key's home replicas; the rest, in order, are the fallbacks a sloppy
 * quorum uses when home replicas do not answer.
 */
import type { NodeId } from '../actor.js';
import { hashString } from '../../spec/json-value.js';

/**
 * A position on the ring: FNV-1a, then MurmurHash3's 32-bit finalizer (FNV alone leaves short keys
 * such as "x" and "y" next to each other on the ring, so they would share their replicas).
 */
export function ringPosition(s: string): number {
  let h = hashString(s) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** A ring of virtual nodes. */
export class Ring {
  private readonly tokens: readonly { readonly at: number; readonly server: NodeId }[];

  constructor(servers: readonly NodeId[], vnodes: number) {
    const tokens = servers.flatMap((server) => Array.from({ length: vnodes }, (_, i) => ({ at: ringPosition(`${server}#${i}`), server })));
    this.tokens = tokens.sort((a, b) => a.at - b.at || (a.server < b.server ? -1 : 1));
  }

  /** Every server, in the order met walking clockwise from `key`'s hash. */
  preferenceList(key: string): NodeId[] {
    const h = ringPosition(key);
    let start = this.tokens.findIndex((t) => t.at >= h);
    if (start < 0) start = 0;
    const out: NodeId[] = [];
    for (let i = 0; i < this.tokens.length; i++) {
      const s = this.tokens[(start + i) % this.tokens.length]!.server;
      if (!out.includes(s)) out.push(s);
    }
    return out;
  }

  /** The `n` home replicas of `key`. */
  home(key: string, n: number): NodeId[] {
    return this.preferenceList(key).slice(0, n);
  }
}
