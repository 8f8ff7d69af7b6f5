import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import type { Actor, ActorContext, ClientActor, ClientContext, ClientOutcome, ClientRequest, NodeId } from '../../impl/actor.js';
import { createWorld, type SimWorld } from './world.js';

/** A counter server: volatile `count`, durable `persisted`, replies to clients. */
class Counter implements Actor {
  static starts = 0;
  count = 0;
  ctx: ActorContext | undefined;
  onStart(ctx: ActorContext): void {
    Counter.starts++;
    this.ctx = ctx;
  }
  onMessage(ctx: ActorContext, from: NodeId, msg: JsonValue): void {
    this.count++;
    const m = msg as { id: string; double?: boolean };
    const prev = (ctx.storage.get('total') as number | undefined) ?? 0;
    ctx.storage.put('total', prev + 1);
    ctx.send(from, { id: m.id, n: prev + 1 });
    if (m.double === true) ctx.send(from, { id: m.id, n: prev + 1 });
  }
  onTimer(): void {}
}

/** A client that forwards each request to n1 and completes on the (first) reply. */
class Forwarder implements ClientActor {
  onStart(): void {}
  onRequest(ctx: ClientContext, req: ClientRequest): void {
    ctx.send('n1', { id: req.id, double: req.f === 'double' });
  }
  onMessage(ctx: ClientContext, _from: NodeId, msg: JsonValue): void {
    const m = msg as { id: string; n: number };
    ctx.complete(m.id, { type: 'ok', value: m.n });
  }
  onTimer(): void {}
}

function world(record = true): SimWorld {
  Counter.starts = 0;
  const w = createWorld({
    seed: 5,
    servers: ['n1', 'n2'],
    clients: ['c1'],
    network: { minLatencyUs: 100, meanExtraLatencyUs: 0, loss: 0, duplicate: 0 },
    clock: { maxDrift: 0 },
    record,
  });
  w.start(() => new Counter(), () => new Forwarder());
  return w;
}

const req = (id: string, f = 'inc'): ClientRequest => ({ id, f, key: undefined, value: null });

describe('world: nodes, requests and steps', () => {
  it('starts every node and counts onStart as steps', () => {
    const w = world();
    expect(Counter.starts).toBe(2);
    expect(w.steps).toBe(3);
    expect(w.isUp('n1') && w.isUp('c1')).toBe(true);
    expect(w.server('c1')).toBeUndefined();
    expect(w.client('c1')).toBeInstanceOf(Forwarder);
  });

  it('completes a request through the client exactly once, after the step', () => {
    const w = world();
    const outcomes: ClientOutcome[] = [];
    w.request('c1', req('r1'), (o) => outcomes.push(o));
    expect(w.run({ until: 1e6, maxSteps: 100 })).toBe('idle');
    expect(outcomes).toEqual([{ type: 'ok', value: 1 }]);
  });

  it('throws a clear error when a client completes the same request twice', () => {
    const w = world();
    w.request('c1', req('r1', 'double'), () => {});
    expect(() => w.run({ until: 1e6, maxSteps: 100 })).toThrow(/completed request "r1", which is not open/);
  });

  it('rejects requests to servers, unknown and down clients', () => {
    const w = world();
    expect(() => w.request('n1', req('x'), () => {})).toThrow(/server/);
    expect(() => w.request('c9', req('x'), () => {})).toThrow(/unknown node/);
    w.crash('c1', { diskLoss: false });
    expect(() => w.request('c1', req('x'), () => {})).toThrow(/down/);
  });

  it('runs harness callbacks in (time, insertion) order and stops at `until`', () => {
    const w = world();
    const log: string[] = [];
    w.at(200, () => log.push('b'));
    w.at(100, () => log.push('a'));
    w.at(200, () => log.push('c'));
    w.at(5000, () => log.push('late'));
    expect(w.run({ until: 1000, maxSteps: 100 })).toBe('time');
    expect(log).toEqual(['a', 'b', 'c']);
    expect(w.time).toBe(1000);
    expect(() => w.at(10, () => {})).toThrow(RangeError);
  });

  it('bounds a run by steps and honours halt from a step hook', () => {
    const w = world();
    const seen: string[] = [];
    for (let i = 0; i < 5; i++) w.request('c1', req(`r${i}`), () => {});
    expect(w.run({ until: 1e6, maxSteps: 3 })).toBe('steps');
    w.onStep((view, node) => {
      seen.push(node);
      if (view.steps >= 12) w.halt();
    });
    expect(w.run({ until: 1e6, maxSteps: 100 })).toBe('halted');
    expect(w.steps).toBe(12);
    expect(w.run({ until: 1e6, maxSteps: 100 })).toBe('halted');
    expect(seen.length).toBeGreaterThan(0);
  });
});

describe('world: crash and restart', () => {
  it('a crash loses volatile state but keeps durable storage; restart calls onStart', () => {
    const w = world();
    for (let i = 0; i < 3; i++) w.request('c1', req(`r${i}`), () => {});
    w.run({ until: 1e6, maxSteps: 100 });
    const before = w.server('n1') as Counter;
    expect(before.count).toBe(3);
    w.crash('n1', { diskLoss: false });
    expect(w.isUp('n1')).toBe(false);
    expect(w.server('n1')).toBeUndefined();
    expect(() => before.ctx?.send('n2', 1)).toThrow(/stale context/);
    w.restart('n1');
    const after = w.server('n1') as Counter;
    expect(after).not.toBe(before);
    expect(after.count).toBe(0);
    expect(Counter.starts).toBe(3);
    expect(after.ctx?.storage.get('total')).toBe(3);
    expect(w.observations.get('crash')).toBe(1);
    expect(w.observations.get('restart')).toBe(1);
    expect(w.trace.filter((e) => e.type === 'crash' || e.type === 'restart')).toEqual([
      { type: 'crash', time: w.time, node: 'n1', diskLoss: false },
      { type: 'restart', time: w.time, node: 'n1' },
    ]);
  });

  it('a crash with disk loss empties durable storage', () => {
    const w = world();
    w.request('c1', req('r0'), () => {});
    w.run({ until: 1e6, maxSteps: 100 });
    w.crash('n1', { diskLoss: true });
    w.restart('n1');
    const ctx = (w.server('n1') as Counter).ctx as ActorContext;
    expect(ctx.storage.keys()).toEqual([]);
    expect(w.observations.get('disk-loss')).toBe(1);
  });

  it('durable values are copied on put and frozen', () => {
    const w = world();
    const ctx = (w.server('n2') as Counter).ctx as ActorContext;
    const v = { a: [1, 2] };
    ctx.storage.put('k', v);
    v.a.push(3);
    expect(ctx.storage.get('k')).toEqual({ a: [1, 2] });
    expect(() => (ctx.storage.get('k') as { a: number[] }).a.push(4)).toThrow(TypeError);
    ctx.storage.delete('k');
    expect(ctx.storage.get('k')).toBeUndefined();
  });

  it('crash of a down node and restart of an up node are no-ops', () => {
    const w = world();
    w.restart('n2');
    expect(Counter.starts).toBe(2);
    w.crash('n2', { diskLoss: false });
    w.crash('n2', { diskLoss: false });
    expect(w.observations.get('crash')).toBe(1);
  });

  it('applies a handler\'s effects in the order emitted', () => {
    const w = world();
    w.request('c1', req('r1', 'double'), () => {});
    // The double completion throws (the test above); the trace up to it is what we inspect.
    expect(() => w.run({ until: 1e6, maxSteps: 100 })).toThrow(/completed request "r1", which is not open/);
    const sends = w.trace.filter((e) => e.type === 'send' && e.from === 'n1').map((e) => (e.type === 'send' ? e.id : -1));
    expect(sends).toEqual([1, 2]);
  });
});

describe('fault state', () => {
  it('reports whether the network is whole, and calls fault hooks after every fault', () => {
    const w = world(false);
    const seen: string[] = [];
    w.onFault((v) => seen.push(`${v.time}:${v.networkWhole ? 'whole' : 'cut'}:${v.isUp('n2') ? 'up' : 'down'}`));
    expect(w.networkWhole).toBe(true);
    w.at(10, () => w.partition({ shape: 'test', blocked: [['n1', 'c1']] }));
    w.at(20, () => w.heal());
    w.at(30, () => w.setNetFaults({ loss: 0.5, duplicate: 0 }));
    w.at(40, () => w.setNetFaults(undefined));
    w.at(50, () => w.crash('n2', { diskLoss: false }));
    w.at(60, () => w.restart('n2'));
    w.at(70, () => w.setDrift('n1', 0));
    w.at(80, () => w.jumpWallClock('n1', 5));
    w.run({ until: 100, maxSteps: 100 });
    expect(seen).toEqual(['10:cut:up', '20:whole:up', '30:cut:up', '40:whole:up', '50:whole:down', '60:whole:up', '70:whole:up', '80:whole:up']);
  });
});
