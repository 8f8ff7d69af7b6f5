/**
 * A Dynamo server's local data: the values of the keys it replicates and the
 * hints it holds for home replicas it stood in for (Dynamo §4.6), merged by
 * last-writer-wins. Both are durable (one storage key each), so a crash loses
 * neither.
 */
import type { Durable, NodeId } from '../actor.js';
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import { type Versioned, wins } from './messages.js';

/** One hint: a write held for `home` until it can be handed off. */
export interface Hint {
  readonly home: NodeId;
  readonly key: string;
  readonly v: Versioned;
}

/** Local data and hints (see the file comment). */
export class LocalStore {
  private readonly data = new Map<string, Versioned>();
  private readonly hints = new Map<string, Hint>();

  constructor(private readonly disk: Durable) {
    for (const k of disk.keys()) {
      if (k.startsWith('d:')) this.data.set(k.slice(2), disk.get(k) as unknown as Versioned);
      else if (k.startsWith('h:')) this.hints.set(k, disk.get(k) as unknown as Hint);
    }
  }

  /** Merge `v` into `key` (last-writer-wins); returns whether it changed the value. */
  merge(key: string, v: Versioned): boolean {
    if (!wins(v.ts, this.data.get(key)?.ts)) return false;
    this.data.set(key, v);
    this.disk.put(`d:${key}`, v as unknown as JsonValue);
    return true;
  }

  /** Hold `v` for `home`, merged with what is already held for it. */
  hold(home: NodeId, key: string, v: Versioned): void {
    const id = `h:${home}:${key}`;
    if (!wins(v.ts, this.hints.get(id)?.v.ts)) return;
    const h: Hint = { home, key, v };
    this.hints.set(id, h);
    this.disk.put(id, h as unknown as JsonValue);
  }

  /** Drop a hint once its home replica has stored it (unless a newer one replaced it meanwhile). */
  handedOff(h: Hint): void {
    const id = `h:${h.home}:${h.key}`;
    const cur = this.hints.get(id);
    if (cur === undefined || wins(cur.v.ts, h.v.ts)) return;
    this.hints.delete(id);
    this.disk.delete(id);
  }

  /** Drop every hint held for `home` (only the `hints-dropped-on-restart` mutant does); returns how many. */
  dropHints(home: NodeId): number {
    const ids = [...this.hints.keys()].filter((id) => this.hints.get(id)!.home === home);
    for (const id of ids) {
      this.hints.delete(id);
      this.disk.delete(id);
    }
    return ids.length;
  }

  /** The hints held. */
  pendingHints(): Hint[] {
    return [...this.hints.values()];
  }

  /** The key's value in the data alone (what this server replicates). */
  value(key: string): Versioned | undefined {
    return this.data.get(key);
  }

  /** The newest of the key's value and any hint held for it (what a read of this server sees). */
  lookup(key: string): Versioned | undefined {
    let best = this.data.get(key);
    for (const h of this.hints.values()) if (h.key === key && wins(h.v.ts, best?.ts)) best = h.v;
    return best;
  }

  /** The entries of the keys `keep` accepts. */
  entries(keep: (key: string) => boolean): [string, Versioned][] {
    return [...this.data].filter(([k]) => keep(k)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
}
