import { describe, expect, it } from 'vitest';
import type { Actor, ActorContext, ClientActor } from '../../impl/actor.js';
import { NodeClock, clampDrift } from './clock.js';
import { createWorld, type SimWorld } from './world.js';

describe('NodeClock', () => {
  it('is piecewise linear and continuous across drift changes', () => {
    const c = new NodeClock(0.01);
    expect(c.local(1000)).toBeCloseTo(1010, 9);
    c.setDrift(1000, -0.02);
    expect(c.local(1000)).toBeCloseTo(1010, 9);
    expect(c.local(2000)).toBeCloseTo(1010 + 980, 9);
    expect(c.virtualAt(1010 + 980)).toBeCloseTo(2000, 9);
  });

  it('jumps the wall clock only', () => {
    const c = new NodeClock(0);
    c.jump(-5000);
    expect(c.local(100)).toBe(100);
    expect(c.wall(100)).toBe(-4900);
  });

  it('clamps drift to the bound and rejects non-finite drift', () => {
    expect(clampDrift(0.5, 0.02)).toBe(0.02);
    expect(clampDrift(-0.5, 0.02)).toBe(-0.02);
    expect(clampDrift(0.01, 0.02)).toBe(0.01);
    expect(() => clampDrift(Number.NaN, 0.02)).toThrow(RangeError);
  });
});

/** Arms a timer at start and logs when (virtual and local) it fires. */
class Ticker implements Actor {
  static fired: { node: string; name: string; local: number }[] = [];
  ctx: ActorContext | undefined;
  onStart(ctx: ActorContext): void {
    this.ctx = ctx;
    ctx.setTimer('t', 10_000);
  }
  onMessage(): void {}
  onTimer(ctx: ActorContext, name: string): void {
    Ticker.fired.push({ node: ctx.self, name, local: ctx.now() });
  }
}

const noClient = (): ClientActor => {
  throw new Error('no clients');
};

function world(maxDrift: number, seed = 1): SimWorld {
  Ticker.fired = [];
  const w = createWorld({
    seed,
    servers: ['n1', 'n2', 'n3', 'n4'],
    clients: [],
    network: { minLatencyUs: 100, meanExtraLatencyUs: 0, loss: 0, duplicate: 0 },
    clock: { maxDrift },
    record: true,
  });
  w.start(() => new Ticker(), noClient);
  return w;
}

describe('clocks and timers in the world', () => {
  it('keeps every node within the drift bound', () => {
    const w = world(0.05, 3);
    w.setDrift('n1', 0.9); // clamped
    w.run({ until: 1_000_000, maxSteps: 100 });
    for (const f of Ticker.fired) expect(f.local).toBeCloseTo(10_000, 6);
    const fireTimes = w.trace.filter((e) => e.type === 'timer').map((e) => e.time as number);
    for (const t of fireTimes) {
      expect(t).toBeGreaterThanOrEqual(10_000 / 1.05 - 1e-6);
      expect(t).toBeLessThanOrEqual(10_000 / 0.95 + 1e-6);
    }
    expect(w.trace.filter((e) => e.type === 'clock').at(-1)).toMatchObject({ time: 0, node: 'n1', drift: 0.05 });
    // The initial drifts (from the `clock` stream) are recorded, all within the bound.
    const initial = w.trace.filter((e) => e.type === 'clock').slice(0, -1);
    expect(initial.length).toBe(4);
    for (const e of initial) expect(Math.abs((e as { drift: number }).drift)).toBeLessThanOrEqual(0.05);
  });

  it('fires exactly at the local deadline even when drift changes while armed', () => {
    const w = world(0.1);
    w.setDrift('n1', 0);
    w.at(5000, () => w.setDrift('n1', 0.1)); // local 5000 at virtual 5000, then runs fast
    w.run({ until: 1_000_000, maxSteps: 100 });
    const n1 = w.trace.find((e) => e.type === 'timer' && e.node === 'n1');
    // Remaining 5000 local µs at rate 1.1 take 5000 / 1.1 virtual µs.
    expect(n1?.time).toBeCloseTo(5000 + 5000 / 1.1, 6);
    expect(Ticker.fired.filter((f) => f.node === 'n1')).toHaveLength(1);
    expect(w.observations.get('clock-drift')).toBe(2);
  });

  it('re-arming replaces, cancelling disarms, and a crash cancels all timers', () => {
    const w = world(0);
    const ctx = (id: string): ActorContext => (w.server(id) as Ticker).ctx as ActorContext;
    ctx('n1').setTimer('t', 20_000); // replaces the 10 ms timer
    ctx('n2').cancelTimer('t');
    ctx('n2').cancelTimer('never-armed');
    w.crash('n3', { diskLoss: false });
    w.run({ until: 1_000_000, maxSteps: 100 });
    expect(Ticker.fired.map((f) => [f.node, f.local])).toEqual([
      ['n4', 10_000],
      ['n1', 20_000],
    ]);
  });

  it('jumps the wall clock without moving the monotonic clock', () => {
    const w = world(0);
    const ctx = (w.server('n1') as Ticker).ctx as ActorContext;
    w.at(1000, () => w.jumpWallClock('n1', -400));
    w.run({ until: 1000, maxSteps: 100 });
    expect(ctx.now()).toBe(1000);
    expect(ctx.wallClock()).toBe(600);
    expect(w.observations.get('clock-jump')).toBe(1);
  });
});
