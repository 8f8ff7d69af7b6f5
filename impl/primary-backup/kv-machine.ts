/**
 * The replicated state machine: the key-value map plus the client session
 * table (last sequence number and its result per client session), so that a
 * retried write that reached the log twice is executed once (at-most-once
 * per session, as in the RIFL / Raft §8 client-session design).
 * It keeps a digest of that whole state (spec/state-digest.ts) up to date
 * with every write; a replica reports it after each entry it applies.
 */
import { KvDigest, concatHash, hashString } from '../../spec/state-digest.js';
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
  private readonly hash = new KvDigest();
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
    const written = hashString(value);
    if (f === 'put') {
      this.data.set(key, value);
      this.hash.setValue(key, written);
    } else {
      this.data.set(key, this.get(key) + value);
      this.hash.setValue(key, concatHash(this.hash.valueHash(key), written));
    }
    this.sessions.set(client, { seq, result: value });
    this.hash.setSession(client, seq, written);
    return value;
  }

  /** The digest of the map and the session table (spec/state-digest.ts's `kvDigest` of them). */
  digest(): number {
    return this.hash.value;
  }

  /** The session table as (client, seq, result) triples (to check the digest). */
  sessionTriples(): [string, number, string][] {
    return [...this.sessions].map(([c, s]) => [c, s.seq, s.result]);
  }

  /** The map as a plain record (the spec's KvState shape); unwritten keys are absent. */
  snapshot(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of this.data) out[k] = v;
    return out;
  }
}
