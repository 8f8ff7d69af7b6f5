/**
 * The replicated state machine: a string key-value store (get / put / append)
 * plus client sessions for exactly-once writes (Ongaro's thesis §6.3): each
 * client's highest applied sequence number and its result, applied as part of
 * the log and carried in snapshots, so a retried write that already executed
 * returns the cached result instead of executing again. It keeps a digest
 * of its whole state (spec/state-digest.ts) up to date with every write, so
 * a server can report the state it reached after each entry at the cost of
 * hashing what the entry adds.
 */
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import { KvDigest, concatHash, hashString, type StrHash } from '../../spec/state-digest.js';
import type { Command } from './messages.js';

/** What applying a command produced: its result, or `stale` for a retry older than the session's last request. */
export type ApplyResult = { readonly kind: 'done'; readonly value: string } | { readonly kind: 'stale' };

interface Session {
  seq: number;
  value: string;
}

/** The KV store with sessions (see the file comment). */
export class KvStateMachine {
  private readonly store = new Map<string, string>();
  private readonly sessionTable = new Map<string, Session>();
  private readonly hash = new KvDigest();

  /** @param dedup Whether sessions suppress re-execution (off only for the `no-dedup` mutant). */
  constructor(private readonly dedup: boolean) {}

  /** The data (written only through `apply` and `restore`, which keep the digest). */
  get data(): ReadonlyMap<string, string> {
    return this.store;
  }

  /** The client sessions. */
  get sessions(): ReadonlyMap<string, Readonly<Session>> {
    return this.sessionTable;
  }

  /** The digest of data and sessions (spec/state-digest.ts's `kvDigest` of them). */
  digest(): number {
    return this.hash.value;
  }

  /** The value of `key` ("" when unwritten). */
  get(key: string): string {
    return this.store.get(key) ?? '';
  }

  /** Apply one committed write. */
  apply(cmd: Command): ApplyResult {
    const s = this.sessionTable.get(cmd.client);
    if (this.dedup && s !== undefined) {
      if (cmd.seq === s.seq) return { kind: 'done', value: s.value };
      if (cmd.seq < s.seq) return { kind: 'stale' };
    }
    const cur = this.get(cmd.key);
    const written = hashString(cmd.value);
    if (cmd.f === 'put') this.write(cmd.key, cmd.value, written);
    else if (cmd.f === 'append') this.write(cmd.key, cur + cmd.value, concatHash(this.hash.valueHash(cmd.key), written));
    const value = cmd.f === 'get' ? cur : cmd.value;
    const seq = Math.max(cmd.seq, s?.seq ?? 0);
    this.sessionTable.set(cmd.client, { seq, value });
    this.hash.setSession(cmd.client, seq, cmd.f === 'get' ? this.hash.valueHash(cmd.key) : written);
    return { kind: 'done', value };
  }

  /** Sets `key` to `value`, whose hash is `h`. */
  private write(key: string, value: string, h: StrHash): void {
    this.store.set(key, value);
    this.hash.setValue(key, h);
  }

  /** The cached result of a client's request `seq`, if it is the session's last applied one. */
  cached(client: string, seq: number): string | undefined {
    const s = this.sessionTable.get(client);
    return this.dedup && s !== undefined && s.seq === seq ? s.value : undefined;
  }

  /** Serialize data and sessions (for a snapshot). */
  snapshot(): JsonValue {
    return {
      data: Object.fromEntries(this.store),
      sessions: Object.fromEntries([...this.sessionTable].map(([c, s]) => [c, [s.seq, s.value]])),
    };
  }

  /** Replace the state by a snapshot's (`null`: the empty state). */
  restore(snap: JsonValue): void {
    this.store.clear();
    this.sessionTable.clear();
    this.hash.clear();
    if (snap === null || typeof snap !== 'object' || Array.isArray(snap)) return;
    const d = snap['data'] as Record<string, string> | undefined;
    const ss = snap['sessions'] as Record<string, [number, string]> | undefined;
    for (const [k, v] of Object.entries(d ?? {})) this.write(k, v, hashString(v));
    for (const [c, [seq, value]] of Object.entries(ss ?? {})) {
      this.sessionTable.set(c, { seq, value });
      this.hash.setSession(c, seq, hashString(value));
    }
  }
}
