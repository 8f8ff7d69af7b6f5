/**
 * A small store of our own, checked by quorate (the README's walk-through):
 * one server keeps a string key-value map (get / put / append) in durable
 * storage and answers each request once, remembering request ids so that a
 * client's retry never applies twice. Its planted bug, `in-memory`, keeps the
 * map in memory only: a crash forgets acknowledged writes.
 */
import { kvModel, kvWorkload, type ActorContext, type ClientContext, type ClientRequest, type JsonValue, type SubsystemDescriptor } from 'quorate';

type Request = { type: 'req'; id: string; f: string; key: string; value: JsonValue };

/** The server: state in `ctx.storage` (survives a crash), or in memory under the mutant. */
function storeServer(inMemory: boolean) {
  const memory = new Map<string, JsonValue>();
  const get = (ctx: ActorContext, k: string) => (inMemory ? memory.get(k) : ctx.storage.get(k));
  const put = (ctx: ActorContext, k: string, v: JsonValue) => (inMemory ? memory.set(k, v) : ctx.storage.put(k, v));
  return {
    onStart() {},
    onTimer() {},
    onMessage(ctx: ActorContext, from: string, msg: JsonValue) {
      const m = msg as Request;
      let answer = get(ctx, `done:${m.id}`); // a retried request gets its first answer again
      if (answer === undefined) {
        const current = (get(ctx, `key:${m.key}`) ?? '') as string;
        if (m.f !== 'get') put(ctx, `key:${m.key}`, m.f === 'put' ? m.value : current + String(m.value));
        answer = m.f === 'get' ? current : m.value;
        put(ctx, `done:${m.id}`, answer);
      }
      ctx.send(from, { type: 'res', id: m.id, value: answer });
    },
  };
}

/** The client library: send, resend every 50 ms under the same id, give up (indeterminate) after 1 s. */
function storeClient(server: string) {
  let current: { req: ClientRequest; since: number } | undefined;
  const send = (ctx: ClientContext) => {
    const { req } = current!;
    ctx.send(server, { type: 'req', id: req.id, f: req.f, key: req.key ?? '', value: req.value });
    ctx.setTimer('retry', 50_000);
  };
  return {
    onStart() {},
    onRequest(ctx: ClientContext, req: ClientRequest) {
      current = { req, since: ctx.now() };
      send(ctx);
    },
    onMessage(ctx: ClientContext, _from: string, msg: JsonValue) {
      const m = msg as { id: string; value: JsonValue };
      if (current === undefined || m.id !== current.req.id) return;
      ctx.cancelTimer('retry');
      ctx.complete(current.req.id, { type: 'ok', value: m.value });
      current = undefined;
    },
    onTimer(ctx: ClientContext) {
      if (current === undefined) return;
      if (ctx.now() - current.since < 1_000_000) return (ctx.observe('retry'), send(ctx));
      ctx.complete(current.req.id, { type: 'info' });
      current = undefined;
    },
  };
}

const myStore: SubsystemDescriptor = {
  name: 'my-store',
  description: 'one server, a durable key-value map, retries deduplicated by request id',
  model: kvModel,
  cluster: { servers: 1, clients: 3 },
  network: { minLatencyUs: 1_000, meanExtraLatencyUs: 2_000, loss: 0.01, duplicate: 0.01 },
  clock: { maxDrift: 0.02 },
  server: (_id, opts) => storeServer(opts.mutant === 'in-memory'),
  client: (_id, opts) => storeClient(opts.servers[0]!),
  mutants: [{
    name: 'in-memory',
    description: 'the map lives in memory only, so a crash forgets acknowledged writes',
    reach: 'a crash-restart between an acknowledged put or append and a later get of its key',
    caughtBy: ['linearizability'],
  }],
  workload: () => kvWorkload({ clients: 3, keys: ['x', 'y'], minOps: 1, maxOps: 12, maxThinkUs: 300_000 }),
  faults: ['crash-restart', 'partition-halves', 'loss-burst', 'dup-burst'],
  properties: [
    { kind: 'sometimes', name: 'retried', description: 'a client resent a request', observation: 'retry' },
    { kind: 'sometimes', name: 'server-crashed', description: 'the server crashed and restarted', observation: 'crash' },
  ],
  bounds: { timeUs: 6_000_000, maxSteps: 100_000, checkSteps: 1_000_000, liveBoundUs: 1_500_000 },
};

export default myStore;
