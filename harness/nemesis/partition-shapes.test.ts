import { describe, expect, it } from 'vitest';
import { bridge, bridgeAround, halves, isolate, majoritiesRing, oneWay } from './partition-shapes.js';

const reach = (blocked: readonly (readonly [string, string])[], from: string, to: string): boolean =>
  !blocked.some(([a, b]) => a === from && b === to);

describe('partition shapes', () => {
  it('halves cut every link across and none inside', () => {
    const p = halves(['a', 'b', 'c', 'd', 'e']);
    expect(p.groups).toEqual([['a', 'b'], ['c', 'd', 'e']]);
    expect(reach(p.blocked, 'a', 'c')).toBe(false);
    expect(reach(p.blocked, 'e', 'b')).toBe(false);
    expect(reach(p.blocked, 'c', 'd')).toBe(true);
  });

  it('bridgeAround cuts one server off and joins the others only through the hub', () => {
    const p = bridgeAround('n1', 'n4', ['n1', 'n2', 'n3', 'n4', 'n5']);
    for (const s of ['n1', 'n2', 'n3', 'n5']) expect(reach(p.blocked, 'n4', s) || reach(p.blocked, s, 'n4')).toBe(false);
    expect(reach(p.blocked, 'n2', 'n3')).toBe(true);
    expect(reach(p.blocked, 'n2', 'n5')).toBe(false);
    expect(reach(p.blocked, 'n3', 'n5')).toBe(false);
    for (const s of ['n2', 'n3', 'n5']) expect(reach(p.blocked, 'n1', s) && reach(p.blocked, s, 'n1')).toBe(true);
    expect(reach(p.blocked, 'c1', 'n4')).toBe(true);
  });

  it('isolate and one-way differ in direction', () => {
    const all = ['n1', 'n2', 'n3'];
    expect(reach(isolate('n1', all).blocked, 'n2', 'n1')).toBe(false);
    const ow = oneWay('n1', all);
    expect(reach(ow.blocked, 'n1', 'n2')).toBe(false);
    expect(reach(ow.blocked, 'n2', 'n1')).toBe(true);
  });

  it('a bridge node reaches both halves, the halves not each other', () => {
    const p = bridge(['n3', 'n1', 'n2', 'n4', 'n5']);
    expect(reach(p.blocked, 'n3', 'n1')).toBe(true);
    expect(reach(p.blocked, 'n3', 'n5')).toBe(true);
    expect(reach(p.blocked, 'n1', 'n4')).toBe(false);
  });

  it.each([3, 4, 5, 7])('majorities-ring: each of %i servers hears a majority, all different', (n) => {
    const order = Array.from({ length: n }, (_, i) => `n${i + 1}`);
    const p = majoritiesRing(order);
    const heard = order.map((t) => order.filter((f) => f === t || reach(p.blocked, f, t)).sort().join(','));
    for (const h of heard) expect(h.split(',').length).toBeGreaterThan(n / 2);
    expect(new Set(heard).size).toBe(n);
  });
});
