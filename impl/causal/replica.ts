/**
 * One replica's data in the causal+ store: every write it holds (durable,
 * one key per write, so a crash loses nothing it acknowledged or received),
 * which of them are applied, the writes waiting for their dependencies, and
 * the visible value of each key — the applied write with the newest version
 * (last-writer-wins, COPS's convergent conflict handler).
 *
 * Applying only after dependencies (COPS §4.3, dep_check) is what makes the
 * store causal: a write becomes visible at a replica only when the exact
 * versions it depends on are visible there, so the set of applied writes is
 * always closed under causal order (the nearest dependencies of a write
 * cover its whole causal past, transitively). A later version of the key
 * does not stand in for a dependency: it need not carry the dependency's own
 * past with it.
 */
import type { Durable } from '../actor.js';
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import { type Dep, type Version, type Write, newer, versionId } from './messages.js';

/** The replica state (see the file comment). */
export class CausalReplica {
  /** Every write held, by origin then sequence number. */
  private readonly held = new Map<string, Map<number, Write>>();
  private readonly applied = new Set<string>();
  private pending: Write[] = [];
  private readonly visible = new Map<string, Write>();
  /** The Lamport clock: at least every timestamp seen. */
  clock = 0;
  /** This server's own writes so far (its next write is seq + 1). */
  seq = 0;

  /** @param checkDeps false only for the `applies-before-deps` mutant. */
  constructor(private readonly disk: Durable, private readonly self: string, private readonly checkDeps: boolean) {
    const stored = disk.keys().filter((k) => k.startsWith('w:')).map((k) => disk.get(k) as unknown as Write);
    stored.sort((a, b) => a.v.t - b.v.t || (a.v.n < b.v.n ? -1 : a.v.n > b.v.n ? 1 : 0));
    for (const w of stored) this.receive(w, false);
    this.seq = this.count(self);
  }

  /** Whether every dependency is applied here. */
  satisfied(deps: readonly Dep[]): boolean {
    return deps.every((d) => this.applied.has(versionId(d.v)));
  }

  /** A new local write of `key`: a version above the clock and every dependency, persisted and applied at once. */
  put(key: string, value: string, deps: readonly Dep[]): Write {
    const t = Math.max(this.clock, ...deps.map((d) => d.v.t)) + 1;
    const w: Write = { key, value, v: { t, n: this.self }, seq: this.seq + 1, deps: [...deps] };
    this.receive(w, true);
    return w;
  }

  /** Takes a write (local or replicated): persists it, then applies it and whatever it unblocks. Returns whether it was new. */
  receive(w: Write, persist: boolean): boolean {
    let byOrigin = this.held.get(w.v.n);
    if (byOrigin === undefined) this.held.set(w.v.n, (byOrigin = new Map()));
    if (byOrigin.has(w.seq)) return false;
    byOrigin.set(w.seq, w);
    if (persist) this.disk.put(`w:${w.v.n}:${w.seq}`, w as unknown as JsonValue);
    if (w.v.n === this.self) this.seq = Math.max(this.seq, w.seq);
    this.clock = Math.max(this.clock, w.v.t);
    this.pending.push(w);
    this.drain();
    return true;
  }

  /** The visible write of `key`, if any. */
  read(key: string): Write | undefined {
    return this.visible.get(key);
  }

  /** How many writes of `origin` this replica holds contiguously from seq 1. */
  count(origin: string): number {
    const m = this.held.get(origin);
    let n = 0;
    while (m?.has(n + 1) === true) n++;
    return n;
  }

  /** Per origin, the contiguous count held (anti-entropy's summary). */
  counts(origins: readonly string[]): Record<string, number> {
    return Object.fromEntries(origins.map((o) => [o, this.count(o)]));
  }

  /** The writes held that a peer with `counts` lacks, oldest first per origin, at most `limit`. */
  missing(counts: Readonly<Record<string, number>>, limit: number): Write[] {
    const out: Write[] = [];
    for (const [origin, m] of [...this.held].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const have = counts[origin] ?? 0;
      for (const seq of [...m.keys()].sort((a, b) => a - b)) {
        if (seq > have && out.length < limit) out.push(m.get(seq)!);
      }
    }
    return out;
  }

  /** Writes waiting for dependencies. */
  get waiting(): number {
    return this.pending.length;
  }

  /** The visible version of every key (for convergence checks and tests). */
  state(): ReadonlyMap<string, Version> {
    return new Map([...this.visible].map(([k, w]) => [k, w.v]));
  }

  private drain(): void {
    for (let progress = true; progress; ) {
      progress = false;
      const still: Write[] = [];
      for (const w of this.pending) {
        if (this.checkDeps && !this.satisfied(w.deps)) {
          still.push(w);
          continue;
        }
        this.applied.add(versionId(w.v));
        if (newer(w.v, this.visible.get(w.key)?.v)) this.visible.set(w.key, w);
        progress = true;
      }
      this.pending = still;
    }
  }
}
