/**
 * The causal+ store's client library (COPS's client library, §4.2): it keeps
 * the client's context — the versions it has read since its last put, or that
 * put alone, which covers everything before it — and sends it with every put
 * (as the write's nearest dependencies) and every get (the server answers
 * once it has applied them). It talks to its home server (client i to server
 * i mod n). A get moves to the next server after two unanswered attempts; the
 * context keeps it causal wherever it goes. A put is retried only where it was
 * sent: the server deduplicates a retry by its request id, and another server
 * could not (it would make a second version of the same write, which can
 * overwrite writes that causally follow the first). A put it gives up on is
 * indeterminate (`info`), a get is `fail` (reads change nothing).
 */
import type { ClientActor, ClientContext, ClientRequest, NodeId } from '../actor.js';
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import { type CausalMessage, type Dep, send, versionId } from './messages.js';

/** Client timing, on the client's monotonic clock. */
export interface CausalClientOptions {
  readonly attemptUs: number;
  readonly giveUpUs: number;
}

interface InFlight {
  readonly req: ClientRequest;
  readonly startUs: number;
  target: NodeId;
  attempts: number;
}

const str = (v: JsonValue): string => (typeof v === 'string' ? v : v === null ? '' : JSON.stringify(v));

/** A causal+ client (see the file comment). */
export class CausalClient implements ClientActor {
  private context: Dep[] = [];
  private home: NodeId | undefined;
  private cur: InFlight | undefined;

  constructor(private readonly opts: CausalClientOptions) {}

  onStart(ctx: ClientContext): void {
    const i = Number(ctx.self.replace(/\D/g, '')) - 1;
    this.home = ctx.servers[(Number.isFinite(i) ? i : 0) % ctx.servers.length];
  }

  onRequest(ctx: ClientContext, req: ClientRequest): void {
    const target = req.f === 'final-read' ? str(req.value) : this.home ?? ctx.servers[0]!;
    this.cur = { req, startUs: ctx.now(), target, attempts: 0 };
    this.attempt(ctx);
  }

  onMessage(ctx: ClientContext, _from: NodeId, raw: JsonValue): void {
    const m = raw as unknown as CausalMessage;
    const cur = this.cur;
    if (cur === undefined || !('id' in m) || m.id !== cur.req.id) return;
    if (m.type === 'put-ok') {
      this.context = [{ key: cur.req.key ?? '', v: m.v }];
      this.finish(ctx, { type: 'ok', value: str(cur.req.value) });
    } else if (m.type === 'get-ok') {
      if (cur.req.f === 'get' && m.v !== null && !this.context.some((d) => versionId(d.v) === versionId(m.v!))) this.context.push({ key: cur.req.key ?? '', v: m.v });
      this.finish(ctx, { type: 'ok', value: m.value });
    }
  }

  onTimer(ctx: ClientContext, name: string): void {
    const cur = this.cur;
    if (cur === undefined || name !== 'attempt') return;
    if (ctx.now() - cur.startUs >= this.opts.giveUpUs) {
      return this.finish(ctx, cur.req.f === 'put' ? { type: 'info' } : { type: 'fail' });
    }
    ctx.observe('retry');
    if (cur.req.f === 'get' && cur.attempts % 2 === 0) {
      const i = ctx.servers.indexOf(cur.target);
      cur.target = ctx.servers[(i + 1) % ctx.servers.length]!;
      ctx.observe('client-moved');
    }
    this.attempt(ctx);
  }

  private attempt(ctx: ClientContext): void {
    const cur = this.cur!;
    cur.attempts++;
    const { req } = cur;
    const key = req.key ?? '';
    if (req.f === 'put') send(ctx, cur.target, { type: 'put', id: req.id, key, value: str(req.value), deps: this.context });
    else if (req.f === 'get') send(ctx, cur.target, { type: 'get', id: req.id, key, deps: this.context });
    else send(ctx, cur.target, { type: 'final-read', id: req.id, key });
    ctx.setTimer('attempt', this.opts.attemptUs);
  }

  private finish(ctx: ClientContext, outcome: Parameters<ClientContext['complete']>[1]): void {
    const id = this.cur!.req.id;
    this.cur = undefined;
    ctx.cancelTimer('attempt');
    ctx.complete(id, outcome);
  }
}
