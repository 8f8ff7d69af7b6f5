import { describe, expect, it } from 'vitest';
import type { JsonValue, TraceEvent } from '../../traces/schema/trace-v1.js';
import type { Actor, ActorContext, ClientActor, NodeId } from '../../impl/actor.js';
import { createWorld, type SimWorld } from './world.js';
import type { NetworkOptions } from './types.js';

/** Records what it receives; sends on demand through `outbox`. */
class Sink implements Actor {
  static got: [NodeId, NodeId, JsonValue][] = [];
  ctx: ActorContext | undefined;
  onStart(ctx: ActorContext): void {
    this.ctx = ctx;
  }
  onMessage(ctx: ActorContext, from: NodeId, msg: JsonValue): void {
    Sink.got.push([from, ctx.self, msg]);
  }
  onTimer(): void {}
}

const noClient = (): ClientActor => {
  throw new Error('no clients');
};

function world(net: Partial<NetworkOptions> = {}, seed = 1): SimWorld {
  Sink.got = [];
  const w = createWorld({
    seed,
    servers: ['n1', 'n2', 'n3'],
    clients: [],
    network: { minLatencyUs: 100, meanExtraLatencyUs: 0, loss: 0, duplicate: 0, ...net },
    clock: { maxDrift: 0 },
    record: true,
  });
  w.start(() => new Sink(), noClient);
  return w;
}

function sendFrom(w: SimWorld, from: NodeId, to: NodeId, msg: JsonValue): void {
  ((w.server(from) as Sink).ctx as ActorContext).send(to, msg);
}

const ofType = (trace: readonly TraceEvent[], type: string): TraceEvent[] => trace.filter((e) => e.type === type);

describe('network', () => {
  it('delivers after the minimum latency, recording send and deliver', () => {
    const w = world();
    sendFrom(w, 'n1', 'n2', { k: 1 });
    expect(w.run({ until: 1000, maxSteps: 100 })).toBe('idle');
    expect(Sink.got).toEqual([['n1', 'n2', { k: 1 }]]);
    expect(w.time).toBe(100);
    expect(ofType(w.trace, 'send')).toEqual([{ type: 'send', time: 0, id: 0, from: 'n1', to: 'n2', msg: { k: 1 } }]);
    expect(ofType(w.trace, 'deliver')).toEqual([{ type: 'deliver', time: 100, id: 0, from: 'n1', to: 'n2' }]);
  });

  it('reorders messages with an exponential latency tail', () => {
    const w = world({ meanExtraLatencyUs: 1000 });
    for (let i = 0; i < 50; i++) sendFrom(w, 'n1', 'n2', i);
    w.run({ until: 1e9, maxSteps: 1000 });
    const order = Sink.got.map((g) => g[2] as number);
    expect(order.length).toBe(50);
    expect(order).not.toEqual([...order].sort((a, b) => a - b));
  });

  it('loses every message with loss = 1 and none with loss = 0', () => {
    const w = world({ loss: 1 });
    for (let i = 0; i < 10; i++) sendFrom(w, 'n1', 'n2', i);
    w.run({ until: 1e6, maxSteps: 100 });
    expect(Sink.got).toEqual([]);
    expect(ofType(w.trace, 'drop').every((e) => e.type === 'drop' && e.reason === 'loss')).toBe(true);
    expect(w.stats.dropped).toBe(10);
  });

  it('duplicates with duplicate = 1, giving the copy a new dense id', () => {
    const w = world({ duplicate: 1 });
    sendFrom(w, 'n1', 'n2', 'x');
    sendFrom(w, 'n1', 'n2', 'y');
    w.run({ until: 1e6, maxSteps: 100 });
    expect(Sink.got.map((g) => g[2])).toEqual(['x', 'x', 'y', 'y']);
    expect(ofType(w.trace, 'duplicate')).toEqual([
      { type: 'duplicate', time: 0, id: 0, copy: 1 },
      { type: 'duplicate', time: 0, id: 2, copy: 3 },
    ]);
  });

  it('bursts override loss and undefined restores it', () => {
    const w = world();
    w.setNetFaults({ loss: 1, duplicate: 0 });
    sendFrom(w, 'n1', 'n2', 'lost');
    w.setNetFaults(undefined);
    sendFrom(w, 'n1', 'n2', 'kept');
    w.run({ until: 1e6, maxSteps: 100 });
    expect(Sink.got.map((g) => g[2])).toEqual(['kept']);
    expect(w.observations.get('net-fault')).toBe(1);
    expect(ofType(w.trace, 'net')).toHaveLength(2);
  });

  it('a symmetric partition blocks both directions; heal restores', () => {
    const w = world();
    w.partition({ shape: 'isolate-n3', blocked: [['n3', 'n1'], ['n1', 'n3']], groups: [['n1', 'n2'], ['n3']] });
    sendFrom(w, 'n1', 'n3', 'a');
    sendFrom(w, 'n3', 'n1', 'b');
    sendFrom(w, 'n1', 'n2', 'c');
    w.run({ until: 1e6, maxSteps: 100 });
    expect(Sink.got.map((g) => g[2])).toEqual(['c']);
    w.heal();
    sendFrom(w, 'n1', 'n3', 'd');
    w.run({ until: 2e6, maxSteps: 100 });
    expect(Sink.got.map((g) => g[2])).toEqual(['c', 'd']);
    expect(w.observations.get('partition')).toBe(1);
    const p = ofType(w.trace, 'partition')[0];
    expect(p).toMatchObject({ shape: 'isolate-n3', groups: [['n1', 'n2'], ['n3']] });
  });

  it('an asymmetric (one-way) partition blocks one direction only', () => {
    const w = world();
    w.partition({ shape: 'one-way', blocked: [['n1', 'n2']] });
    sendFrom(w, 'n1', 'n2', 'blocked');
    sendFrom(w, 'n2', 'n1', 'passes');
    w.run({ until: 1e6, maxSteps: 100 });
    expect(Sink.got).toEqual([['n2', 'n1', 'passes']]);
  });

  it('drops a message in flight when a partition starts before it arrives', () => {
    const w = world();
    sendFrom(w, 'n1', 'n2', 'in-flight');
    w.at(50, () => w.partition({ shape: 'halves', blocked: [['n1', 'n2']] }));
    w.run({ until: 1e6, maxSteps: 100 });
    expect(Sink.got).toEqual([]);
    expect(ofType(w.trace, 'drop')).toEqual([{ type: 'drop', time: 100, id: 0, from: 'n1', to: 'n2', reason: 'partition' }]);
  });

  it('drops messages to a crashed node with reason down', () => {
    const w = world();
    sendFrom(w, 'n1', 'n2', 'x');
    w.crash('n2', { diskLoss: false });
    w.run({ until: 1e6, maxSteps: 100 });
    expect(Sink.got).toEqual([]);
    expect(ofType(w.trace, 'drop')).toMatchObject([{ reason: 'down', to: 'n2' }]);
  });

  it('rejects a send to an unknown node', () => {
    const w = world();
    expect(() => sendFrom(w, 'n1', 'n9', 1)).toThrow(/unknown node "n9"/);
  });

  it('a loss burst does not reshuffle the latencies of later messages', () => {
    const arrivals = (burst: boolean): number[] => {
      const w = world({ meanExtraLatencyUs: 500 }, 9);
      if (burst) w.setNetFaults({ loss: 1, duplicate: 1 });
      sendFrom(w, 'n1', 'n2', 'first');
      w.setNetFaults(undefined);
      for (let i = 0; i < 5; i++) sendFrom(w, 'n1', 'n3', i);
      w.run({ until: 1e9, maxSteps: 100 });
      return w.trace.filter((e) => e.type === 'deliver' && e.to === 'n3').map((e) => e.time as number);
    };
    expect(arrivals(true)).toEqual(arrivals(false));
  });
});
