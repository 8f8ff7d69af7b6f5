/**
 * The replicated state machine: the key-value map plus the client session
 * table (last sequence number and its result per client session), so that a
 * retried write that reached the log twice is executed once (at-most-once
 * per session, as in the RIFL / Raft §8 client-session design).
 */
import type { Entry } from './messages.js';

/** What one session last executed. */
interface Session {
  readonly seq: number;
  readonly result: string;
}

/** The key-value map and session table, applied in log order. */
export class KvMachine {
  private readonly data = new Map<string, string>();
  private readonly sessions = new Map<string, Session>();
  /** Number of log entries applied (including deduplicated ones). */
  applied = 0;

  /** Builds a machine that deduplicates by session (`dedup: false` executes every entry: the `no-dedup` mutant). */
  constructor(private readonly dedup: boolean) {}

  /** The current value of `key` ("" when unwritten). */
  get(key: string): string {
    return this.data.get(key) ?? '';
  }

  /** The cached result when `client` already executed `seq` (or a later one: then the caller has moved on). */
  executed(client: string, seq: number): { readonly result: string } | 'superseded' | undefined {
    if (!this.dedup) return undefined;
    const s = this.sessions.get(client);
    if (s === undefined || s.seq < seq) return undefined;
    return s.seq === seq ? { result: s.result } : 'superseded';
  }

  /** Applies the next log entry and returns its result. */
  apply(e: Entry): string {
    this.applied++;
    const { client, seq, f, key, value } = e.op;
    const s = this.sessions.get(client);
    if (this.dedup && s !== undefined && s.seq >= seq) return s.result;
    if (f === 'put') this.data.set(key, value);
    else this.data.set(key, this.get(key) + value);
    this.sessions.set(client, { seq, result: value });
    return value;
  }

  /** The map as a plain record (the spec's KvState shape); unwritten keys are absent. */
  snapshot(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of this.data) out[k] = v;
    return out;
  }
}
