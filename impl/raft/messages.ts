/**
 * The wire protocol of the Raft KV (Ongaro & Ousterhout 2014, Figure 2, plus
 * pre-vote, §9.6 of Ongaro's thesis, ReadIndex rounds, learner promotion and
 * the bootstrap probe). Messages are plain JSON, discriminated on `type`.
 */
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import type { ActorContext, NodeId } from '../actor.js';

/** A log entry: the term it was created in and its command (`null` for a leader's no-op). */
export type LogEntry = {
  readonly term: number;
  readonly command: Command | null;
};

/** A client write as replicated in the log: session `client` + `seq` make retries idempotent. */
export type Command = {
  readonly client: string;
  readonly seq: number;
  readonly f: string;
  readonly key: string;
  readonly value: string;
};

/** Messages between servers. */
export type PeerMessage =
  | { type: 'pre-vote'; term: number; lastIndex: number; lastTerm: number }
  | { type: 'pre-vote-reply'; term: number; granted: boolean }
  | { type: 'vote'; term: number; lastIndex: number; lastTerm: number }
  | { type: 'vote-reply'; term: number; granted: boolean }
  | {
      type: 'append';
      term: number;
      prevIndex: number;
      prevTerm: number;
      entries: LogEntry[];
      commit: number;
      round: number;
      /** The incarnation of the receiver the leader currently trusts (`null`: none yet in this term). */
      boot: number | null;
    }
  /** `boot`: the replying incarnation; `expected`: the `boot` of the request it answers (see replication.ts, incarnations). */
  | { type: 'append-reply'; term: number; ok: boolean; match: number; hint: number; round: number; learner: boolean; boot: number; expected: number | null }
  | { type: 'snapshot'; term: number; index: number; snapTerm: number; data: JsonValue; round: number; boot: number | null }
  | { type: 'promote'; term: number }
  | { type: 'boot-probe'; nonce: number }
  | { type: 'boot-reply'; nonce: number; voter: boolean; pristine: boolean };

/** A client's request to a server. */
export interface ClientRequestMessage {
  type: 'request';
  /** The logical request id (the same on every retry). */
  id: string;
  seq: number;
  f: string;
  key: string;
  value: string;
  /** Local reads (options.ts `localReads`): the highest log index the client has seen. */
  seen?: number;
}

/** A server's answer to a client. */
export type ClientReplyMessage =
  /** `index`: with local reads, the log index the answer reflects (a write's own index, a read's applied index). */
  | { type: 'reply'; id: string; value: string; index?: number }
  /** Not the leader (or not able to serve now): try `leader` if known. */
  | { type: 'redirect'; id: string; leader: string | null };

/** Every message of the protocol. */
export type RaftMessage = PeerMessage | ClientRequestMessage | ClientReplyMessage;

/** Send a protocol message (typed, so every message sent matches the protocol). */
export function send(ctx: ActorContext, to: NodeId, msg: RaftMessage): void {
  ctx.send(to, msg as unknown as JsonValue);
}
