/**
 * The coordinator's side of a request (Dynamo §4.5): a put is stamped with
 * the coordinator's wall clock — kept above the newest stamp its client has
 * seen, so a session's writes, and writes after what the session read, carry
 * rising stamps whatever the clocks do — and sent to the key's replicas; it
 * is acknowledged after `w` of them stored it. A get asks the replicas and
 * answers the newest of the first `r` replies; once every replica answered
 * (or at the deadline) read repair sends the newest version to those that
 * answered an older one. Replicas are the key's `n` home replicas; with
 * sloppy quorums a suspected home replica is replaced by the next healthy
 * server of the preference list, which stores the write as a hint, and a
 * put's home replicas that stay silent past `ackTimeoutUs` are replaced the
 * same way. Silent replicas are asked again every `ackTimeoutUs` until the
 * deadline.
 */
import type { ActorContext, NodeId } from '../actor.js';
import { type Versioned, send, wins } from './messages.js';
import type { DynamoServer } from './server.js';

/** A request in progress at its coordinator. */
export interface PendingOp {
  readonly kind: 'put' | 'get' | 'final';
  readonly client: NodeId;
  readonly id: string;
  readonly key: string;
  /** The write (puts). */
  readonly v?: Versioned;
  /** Each replica asked, with the home replica it stands in for (`null`: it is one). */
  readonly targets: Map<NodeId, NodeId | null>;
  readonly replies: Map<NodeId, Versioned | null>;
  answered: boolean;
  repaired: boolean;
}

/** The replicas for `key`: home replicas, with sloppy quorums suspected ones replaced by the next healthy fallbacks. */
export function replicasFor(s: DynamoServer, ctx: ActorContext, key: string): Map<NodeId, NodeId | null> {
  const pref = s.ring.preferenceList(key);
  const home = pref.slice(0, s.opts.n);
  const out = new Map<NodeId, NodeId | null>();
  const spare = pref.slice(s.opts.n).filter((x) => !s.suspected(ctx, x));
  for (const h of home) {
    if (s.opts.sloppy && s.suspected(ctx, h) && spare.length > 0) out.set(spare.shift()!, h);
    else out.set(h, null);
  }
  return out;
}

/** Starts a put, get or final read as coordinator. */
export function coordinate(s: DynamoServer, ctx: ActorContext, op: PendingOp): void {
  const opId = `${s.nonce}.${s.nextOp++}`;
  s.ops.set(opId, op);
  for (const [t, hint] of op.targets) ask(s, ctx, opId, op, t, hint);
  ctx.setTimer(`ack:${opId}`, s.opts.ackTimeoutUs);
  ctx.setTimer(`end:${opId}`, s.opts.deadlineUs);
}

function ask(s: DynamoServer, ctx: ActorContext, opId: string, op: PendingOp, to: NodeId, hint: NodeId | null): void {
  if (op.v !== undefined) send(ctx, to, { type: 'store', op: opId, key: op.key, v: op.v, hint });
  else send(ctx, to, { type: 'fetch', op: opId, key: op.key });
}

/** A replica answered (`stored`, or `fetched` with its version). */
export function onReply(s: DynamoServer, ctx: ActorContext, from: NodeId, opId: string, v: Versioned | null): void {
  const op = s.ops.get(opId);
  if (op === undefined || !op.targets.has(from) || op.replies.has(from)) return;
  op.replies.set(from, v);
  const need = op.kind === 'put' ? s.opts.w : op.kind === 'get' ? s.opts.readAnswersAfter : 1;
  if (!op.answered && op.replies.size >= need) {
    op.answered = true;
    const result = op.kind === 'put' ? op.v! : newest(op);
    send(ctx, op.client, { type: 'ok', id: op.id, value: result?.value ?? '', ts: result?.ts ?? null });
  }
  if (op.replies.size === op.targets.size) finish(s, ctx, opId, op);
}

/**
 * The ack timer (re-armed until the deadline): suspect the silent replicas and ask them again (the
 * request or its answer may have been lost); a sloppy put also replaces them by fallbacks holding hints.
 */
export function onAckTimeout(s: DynamoServer, ctx: ActorContext, opId: string): void {
  const op = s.ops.get(opId);
  if (op === undefined) return;
  ctx.setTimer(`ack:${opId}`, s.opts.ackTimeoutUs);
  const silent = [...op.targets.keys()].filter((t) => !op.replies.has(t));
  for (const t of silent) {
    s.suspect(ctx, t);
    ask(s, ctx, opId, op, t, op.targets.get(t) ?? null);
  }
  if (!s.opts.sloppy || op.kind !== 'put') return;
  const pref = s.ring.preferenceList(op.key).slice(s.opts.n).filter((x) => !op.targets.has(x) && !s.suspected(ctx, x));
  for (const t of silent) {
    const fallback = pref.shift();
    if (fallback === undefined) break;
    const home = op.targets.get(t) ?? t;
    op.targets.set(fallback, home);
    ctx.observe('sloppy-fallback');
    ask(s, ctx, opId, op, fallback, home);
  }
}

/** The deadline: answer `unavailable` if the quorum never completed, repair what was read, forget the request. */
export function onDeadline(s: DynamoServer, ctx: ActorContext, opId: string): void {
  const op = s.ops.get(opId);
  if (op === undefined) return;
  if (!op.answered) send(ctx, op.client, { type: 'unavailable', id: op.id });
  finish(s, ctx, opId, op);
}

function finish(s: DynamoServer, ctx: ActorContext, opId: string, op: PendingOp): void {
  if (op.kind === 'get' && !op.repaired && s.opts.readRepair) {
    op.repaired = true;
    const best = newest(op);
    if (best !== undefined) {
      for (const [t, v] of op.replies) {
        if (v !== null && !wins(best.ts, v.ts)) continue;
        ctx.observe('read-repair');
        send(ctx, t, { type: 'store', op: `repair.${opId}`, key: op.key, v: best, hint: op.targets.get(t) ?? null });
      }
    }
  }
  s.ops.delete(opId);
  ctx.cancelTimer(`ack:${opId}`);
  ctx.cancelTimer(`end:${opId}`);
}

function newest(op: PendingOp): Versioned | undefined {
  let best: Versioned | undefined;
  for (const v of op.replies.values()) if (v !== null && wins(v.ts, best?.ts)) best = v;
  return best;
}
