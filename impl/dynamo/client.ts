/**
 * The Dynamo-style store's client library: requests go to the client's home
 * server, which coordinates them (retries and moves: ../home-client.ts); the
 * client keeps the newest stamp it has seen, which every put carries as its
 * floor (so the session's later writes win over what it wrote or read
 * before). `unavailable` (the coordinator's quorum did not complete) is
 * retried like a lost answer, when the attempt times out. A put is retried only at its coordinator,
 * which stamped it once: another coordinator would stamp the same write again.
 */
import type { ClientContext, NodeId } from '../actor.js';
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import { HomeServerClient, type InFlight } from '../home-client.js';
import { type DynamoMessage } from './messages.js';
import { kvText } from '../kv-text.js';


/** A Dynamo client (see the file comment). */
export class DynamoClient extends HomeServerClient {
  private floor = 0;

  protected request(cur: InFlight): JsonValue {
    const { req } = cur;
    const key = req.key ?? '';
    const m: DynamoMessage =
      req.f === 'put' ? { type: 'put', id: req.id, key, value: kvText(req.value), floor: this.floor }
      : req.f === 'get' ? { type: 'get', id: req.id, key }
      : { type: 'final-read', id: req.id, key };
    return m as unknown as JsonValue;
  }

  onMessage(ctx: ClientContext, _from: NodeId, raw: JsonValue): void {
    const m = raw as unknown as DynamoMessage;
    const cur = this.cur;
    if (cur === undefined || !('id' in m) || m.id !== cur.req.id) return;
    if (m.type === 'ok') {
      if (m.ts !== null) this.floor = Math.max(this.floor, m.ts.t);
      this.finish(ctx, { type: 'ok', value: cur.req.f === 'put' ? kvText(cur.req.value) : m.value });
    } else if (m.type === 'unavailable') {
      // Retried when the attempt times out: answering every `unavailable` at once would let duplicated
      // messages multiply the retries.
      ctx.observe('unavailable');
    }
  }
}
