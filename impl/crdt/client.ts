/**
 * The OR-set's client library: every request goes to the client's home
 * replica, retried there under the same request id (the replica acknowledges
 * a retry without applying it twice); a read may move to another replica
 * (../home-client.ts).
 */
import type { ClientContext, NodeId } from '../actor.js';
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import { HomeServerClient, type InFlight } from '../home-client.js';
import type { OrSetMessage } from './server.js';

/** An OR-set client (see the file comment). */
export class OrSetClient extends HomeServerClient {
  protected request(cur: InFlight): JsonValue {
    const m: OrSetMessage = { type: 'op', id: cur.req.id, f: cur.req.f, value: typeof cur.req.value === 'string' ? cur.req.value : '' };
    return m as unknown as JsonValue;
  }

  onMessage(ctx: ClientContext, _from: NodeId, raw: JsonValue): void {
    const m = raw as unknown as OrSetMessage;
    if (m.type === 'done' && this.cur !== undefined && m.id === this.cur.req.id) this.finish(ctx, { type: 'ok', value: m.value });
  }
}
