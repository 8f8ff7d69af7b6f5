/**
 * The causal+ store's client library (COPS's client library, §4.2): it keeps
 * the client's context — the versions it has read since its last put, or that
 * put alone, which covers everything before it — and sends it with every put
 * (as the write's nearest dependencies) and every get (the server answers
 * once it has applied them), so a get that moved to another server (home
 * server, retries and moves: ../home-client.ts) is still causal. A put is
 * retried only where it was sent: another server would make a second version
 * of the same write, which can overwrite writes that causally follow the first.
 */
import type { ClientContext, NodeId } from '../actor.js';
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import { HomeServerClient, type InFlight } from '../home-client.js';
import { type CausalMessage, type Dep, versionId } from './messages.js';
import { kvText } from '../kv-text.js';


/** A causal+ client (see the file comment). */
export class CausalClient extends HomeServerClient {
  private context: Dep[] = [];

  protected request(cur: InFlight): JsonValue {
    const { req } = cur;
    const key = req.key ?? '';
    const m: CausalMessage =
      req.f === 'put' ? { type: 'put', id: req.id, key, value: kvText(req.value), deps: this.context }
      : req.f === 'get' ? { type: 'get', id: req.id, key, deps: this.context }
      : { type: 'final-read', id: req.id, key };
    return m as unknown as JsonValue;
  }

  onMessage(ctx: ClientContext, _from: NodeId, raw: JsonValue): void {
    const m = raw as unknown as CausalMessage;
    const cur = this.cur;
    if (cur === undefined || !('id' in m) || m.id !== cur.req.id) return;
    if (m.type === 'put-ok') {
      this.context = [{ key: cur.req.key ?? '', v: m.v }];
      this.finish(ctx, { type: 'ok', value: kvText(cur.req.value) });
    } else if (m.type === 'get-ok') {
      if (cur.req.f === 'get' && m.v !== null && !this.context.some((d) => versionId(d.v) === versionId(m.v!))) this.context.push({ key: cur.req.key ?? '', v: m.v });
      this.finish(ctx, { type: 'ok', value: m.value });
    }
  }
}
