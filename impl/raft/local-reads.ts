/**
 * ZooKeeper-style local reads (Hunt et al., "ZooKeeper: wait-free
 * coordination for Internet-scale systems", USENIX ATC 2010, §4.4, and
 * Junqueira et al., "Zab", DSN 2011): writes still go through the leader and
 * the log, but any server answers a read from its own applied state, with
 * the log index it had applied (the zxid). A client carries the highest
 * index it has seen — its writes' indices and its reads' — and a server
 * holds its read until it has applied that index, so a client never reads
 * from a replica behind what it has already seen.
 *
 * Why that is sequentially consistent (Lamport 1979): order the writes by
 * log index and put each read right after the index it was served at. A
 * session's write gets a higher index than anything the session saw before
 * (the leader holds every committed entry), and a session's read is served
 * at or above everything the session saw, so the order respects every
 * session and every read returns the state it is placed after. It is not
 * linearizable: a read at a lagging follower may miss a write another client
 * already saw acknowledged.
 */
import type { ActorContext, NodeId } from '../actor.js';
import { type ClientRequestMessage, send } from './messages.js';
import type { RaftServer } from './server.js';

/** A local read waiting for the server to apply the index its client has seen. */
export interface LocalRead {
  readonly from: NodeId;
  readonly id: string;
  readonly key: string;
  readonly seen: number;
}

/** Answer a read from local state now, or once this server has applied what the client has seen. */
export function onLocalRead(s: RaftServer, ctx: ActorContext, from: NodeId, m: ClientRequestMessage): void {
  const read: LocalRead = { from, id: m.id, key: m.key, seen: m.seen ?? 0 };
  if (read.seen <= s.lastApplied) answer(s, ctx, read);
  else s.localReads.push(read);
}

/** Answer the waiting local reads this server has now caught up with. */
export function serveLocalReads(s: RaftServer, ctx: ActorContext): void {
  if (s.localReads.length === 0) return;
  const waiting: LocalRead[] = [];
  for (const r of s.localReads) {
    if (r.seen <= s.lastApplied) answer(s, ctx, r);
    else waiting.push(r);
  }
  s.localReads = waiting;
}

function answer(s: RaftServer, ctx: ActorContext, r: LocalRead): void {
  if (s.role !== 'leader') ctx.observe('local-read');
  send(ctx, r.from, { type: 'reply', id: r.id, value: s.sm.get(r.key), index: s.lastApplied });
}
