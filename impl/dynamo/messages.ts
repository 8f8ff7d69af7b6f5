/**
 * The wire protocol of the Dynamo-style store: client requests to a
 * coordinator, replica stores and fetches (a store may carry a hint: the home
 * replica it stands in for), and Merkle-tree anti-entropy. Plain JSON,
 * discriminated on `type`.
 */
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import type { ActorContext, NodeId } from '../actor.js';

/** A write's timestamp for last-writer-wins: the coordinator's clock reading, then its id. */
export interface Stamp {
  readonly t: number;
  readonly n: NodeId;
}

/** A versioned value. */
export interface Versioned {
  readonly value: string;
  readonly ts: Stamp;
}

/** Whether `a` wins over `b` under last-writer-wins. */
export const wins = (a: Stamp, b: Stamp | undefined): boolean => b === undefined || a.t > b.t || (a.t === b.t && a.n > b.n);

/** Every message of the protocol. */
export type DynamoMessage =
  /** `floor`: the newest timestamp the client has seen; the write's stamp is above it. */
  | { type: 'put'; id: string; key: string; value: string; floor: number }
  | { type: 'get'; id: string; key: string }
  | { type: 'final-read'; id: string; key: string }
  | { type: 'ok'; id: string; value: string; ts: Stamp | null }
  | { type: 'unavailable'; id: string }
  | { type: 'store'; op: string; key: string; v: Versioned; hint: NodeId | null }
  | { type: 'stored'; op: string }
  | { type: 'fetch'; op: string; key: string }
  | { type: 'fetched'; op: string; v: Versioned | null }
  /** A server announces its (re)start: peers stop suspecting it and hand their hints for it off at once. */
  | { type: 'hello' }
  /** Anti-entropy: the sender's Merkle tree over the keys both replicate. */
  | { type: 'ae-tree'; root: number; leaves: number[] }
  /** Anti-entropy: entries of the buckets that differ, and the buckets the receiver should send back. */
  | { type: 'ae-data'; entries: [string, Versioned][]; want: number[] };

/** Send a protocol message. */
export function send(ctx: ActorContext, to: NodeId, msg: DynamoMessage): void {
  ctx.send(to, msg as unknown as JsonValue);
}
