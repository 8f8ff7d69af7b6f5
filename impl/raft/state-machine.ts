/**
 * The replicated state machine: a string key-value store (get / put / append)
 * plus client sessions for exactly-once writes (Ongaro's thesis §6.3): each
 * client's highest applied sequence number and its result, applied as part of
 * the log and carried in snapshots, so a retried write that already executed
 * returns the cached result instead of executing again.
 */
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import type { Command } from './messages.js';

/** What applying a command produced: its result, or `stale` for a retry older than the session's last request. */
export type ApplyResult = { readonly kind: 'done'; readonly value: string } | { readonly kind: 'stale' };

interface Session {
  seq: number;
  value: string;
}

/** The KV store with sessions (see the file comment). */
export class KvStateMachine {
  readonly data = new Map<string, string>();
  readonly sessions = new Map<string, Session>();

  /** @param dedup Whether sessions suppress re-execution (off only for the `no-dedup` mutant). */
  constructor(private readonly dedup: boolean) {}

  /** The value of `key` ("" when unwritten). */
  get(key: string): string {
    return this.data.get(key) ?? '';
  }

  /** Apply one committed write. */
  apply(cmd: Command): ApplyResult {
    const s = this.sessions.get(cmd.client);
    if (this.dedup && s !== undefined) {
      if (cmd.seq === s.seq) return { kind: 'done', value: s.value };
      if (cmd.seq < s.seq) return { kind: 'stale' };
    }
    const cur = this.get(cmd.key);
    if (cmd.f === 'put') this.data.set(cmd.key, cmd.value);
    else if (cmd.f === 'append') this.data.set(cmd.key, cur + cmd.value);
    const value = cmd.f === 'get' ? cur : cmd.value;
    this.sessions.set(cmd.client, { seq: Math.max(cmd.seq, s?.seq ?? 0), value });
    return { kind: 'done', value };
  }

  /** The cached result of a client's request `seq`, if it is the session's last applied one. */
  cached(client: string, seq: number): string | undefined {
    const s = this.sessions.get(client);
    return this.dedup && s !== undefined && s.seq === seq ? s.value : undefined;
  }

  /** Serialize data and sessions (for a snapshot). */
  snapshot(): JsonValue {
    return {
      data: Object.fromEntries(this.data),
      sessions: Object.fromEntries([...this.sessions].map(([c, s]) => [c, [s.seq, s.value]])),
    };
  }

  /** Replace the state by a snapshot's (`null`: the empty state). */
  restore(snap: JsonValue): void {
    this.data.clear();
    this.sessions.clear();
    if (snap === null || typeof snap !== 'object' || Array.isArray(snap)) return;
    const d = snap['data'] as Record<string, string> | undefined;
    const ss = snap['sessions'] as Record<string, [number, string]> | undefined;
    for (const [k, v] of Object.entries(d ?? {})) this.data.set(k, v);
    for (const [c, [seq, value]] of Object.entries(ss ?? {})) this.sessions.set(c, { seq, value });
  }
}
