/**
 * The replicated log with its snapshot prefix, written through to durable
 * storage on every change (Raft's stable-storage rule: a server persists
 * before it replies). Entries 1..snapshotIndex live only in the snapshot;
 * `entries[k]` is the entry at index snapshotIndex + 1 + k. Each entry is one
 * storage key (`e<index>`), so an append costs O(batch), not O(log).
 */
import type { Durable } from '../actor.js';
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import type { LogEntry } from './messages.js';

/** A snapshot: the state machine after applying entries 1..index. */
export interface Snapshot {
  readonly index: number;
  readonly term: number;
  readonly data: JsonValue;
}

const SNAP = 'snap';
const key = (i: number): string => `e${i}`;

/** A write-through Raft log (see the file comment). */
export class RaftLog {
  /** Entries after the snapshot, oldest first. */
  entries: LogEntry[] = [];
  /** The snapshot, or an empty one at index 0. */
  snapshot: Snapshot = { index: 0, term: 0, data: null };

  constructor(private readonly disk: Durable) {
    const s = disk.get(SNAP) as Snapshot | undefined;
    if (s !== undefined) this.snapshot = s;
    for (let i = this.snapshot.index + 1; ; i++) {
      const e = disk.get(key(i)) as LogEntry | undefined;
      if (e === undefined) break;
      this.entries.push(e);
    }
  }

  /** Index of the last entry (the snapshot's when no entries follow it). */
  get lastIndex(): number {
    return this.snapshot.index + this.entries.length;
  }

  /** Term of the last entry. */
  get lastTerm(): number {
    return this.termAt(this.lastIndex) ?? 0;
  }

  /** Term of the entry at `i`, the snapshot's at its index, `undefined` when compacted away or beyond the end. */
  termAt(i: number): number | undefined {
    if (i === this.snapshot.index) return this.snapshot.term;
    if (i < this.snapshot.index) return undefined;
    return this.entries[i - this.snapshot.index - 1]?.term;
  }

  /** The entry at `i` (undefined when compacted or beyond the end). */
  at(i: number): LogEntry | undefined {
    return i <= this.snapshot.index ? undefined : this.entries[i - this.snapshot.index - 1];
  }

  /** Entries `from..to` inclusive (clamped to what the log holds after the snapshot). */
  slice(from: number, to: number): LogEntry[] {
    const off = this.snapshot.index + 1;
    return this.entries.slice(Math.max(0, from - off), Math.max(0, to - off + 1));
  }

  /** Append entries at the end and persist them. */
  append(es: readonly LogEntry[]): void {
    for (const e of es) {
      this.entries.push(e);
      this.disk.put(key(this.lastIndex), e as unknown as JsonValue);
    }
  }

  /** Remove entries `from..lastIndex` (a conflicting suffix) and persist. */
  truncateFrom(from: number): void {
    const last = this.lastIndex;
    if (from > last) return;
    if (from <= this.snapshot.index) throw new Error(`cannot truncate committed snapshot at ${from}`);
    for (let i = from; i <= last; i++) this.disk.delete(key(i));
    this.entries.length = from - this.snapshot.index - 1;
  }

  /** Replace the prefix up to `snap.index` by the snapshot; keep later entries when `keepSuffix` and they follow it. */
  installSnapshot(snap: Snapshot, keepSuffix: boolean): void {
    const old = this.snapshot.index;
    const last = this.lastIndex;
    const kept = keepSuffix ? this.slice(snap.index + 1, last) : [];
    this.disk.put(SNAP, snap as unknown as JsonValue);
    for (let i = old + 1; i <= Math.max(last, snap.index); i++) {
      if (i <= snap.index || !keepSuffix) this.disk.delete(key(i));
    }
    this.snapshot = snap;
    this.entries = kept;
  }
}
