import { describe, expect, it } from 'vitest';
import { RNG_ALGORITHM, Rng, createRng, streamState } from './rng.js';

const draw = (r: Rng, n: number): number[] => Array.from({ length: n }, () => r.next());

describe('Rng', () => {
  it('names its algorithm', () => {
    expect(RNG_ALGORITHM).toBe('xoroshiro128plus/v1');
  });

  it('is deterministic per (seed, name) and differs across seeds and names', () => {
    expect(draw(createRng(7).fork('network'), 20)).toEqual(draw(createRng(7).fork('network'), 20));
    expect(draw(createRng(7).fork('network'), 20)).not.toEqual(draw(createRng(8).fork('network'), 20));
    expect(draw(createRng(7).fork('network'), 20)).not.toEqual(draw(createRng(7).fork('timers'), 20));
    // Seeds differing only above 2^32 differ too.
    expect(streamState(1, 'x')).not.toEqual(streamState(1 + 2 ** 32, 'x'));
  });

  it('forks independently: drawing from one stream never changes another', () => {
    const a1 = createRng(3);
    const netA = a1.fork('network');
    const nodeA = a1.fork('node:n1');
    draw(netA, 1000); // heavy use of the network stream
    a1.fork('new-stream').next(); // and a brand-new stream
    const b1 = createRng(3);
    const nodeB = b1.fork('node:n1');
    expect(draw(nodeA, 50)).toEqual(draw(nodeB, 50));
  });

  it('pins the first values of a stream (algorithm stability)', () => {
    const r = createRng(1).fork('network');
    const first = [r.nextUint32(), r.nextUint32(), r.nextUint32()];
    const again = createRng(1).fork('network');
    expect([again.nextUint32(), again.nextUint32(), again.nextUint32()]).toEqual(first);
    expect({ state: streamState(1, 'network'), first }).toMatchInlineSnapshot(`
      {
        "first": [
          2981142112,
          3749090151,
          3610467069,
        ],
        "state": [
          263695614,
          33341599,
          1244468157,
          -1347166783,
        ],
      }
    `);
  });

  it('draws floats in [0,1), inclusive ints in range, and chances at the right rate', () => {
    const r = new Rng(11, 't');
    let sum = 0;
    const seen = new Set<number>();
    for (let i = 0; i < 20000; i++) {
      const f = r.next();
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThan(1);
      sum += f;
      const k = r.nextInt(-2, 2);
      expect(k).toBeGreaterThanOrEqual(-2);
      expect(k).toBeLessThanOrEqual(2);
      seen.add(k);
    }
    expect(sum / 20000).toBeCloseTo(0.5, 1);
    expect([...seen].sort()).toEqual([-1, -2, 0, 1, 2]);
    let hits = 0;
    for (let i = 0; i < 20000; i++) if (r.chance(0.25)) hits++;
    expect(hits / 20000).toBeGreaterThan(0.23);
    expect(hits / 20000).toBeLessThan(0.27);
    expect(r.chance(0)).toBe(false);
    expect(r.chance(1)).toBe(true);
    const wide = r.nextInt(0, 2 ** 40);
    expect(wide).toBeGreaterThanOrEqual(0);
    expect(wide).toBeLessThanOrEqual(2 ** 40);
    expect(() => r.nextInt(3, 2)).toThrow(RangeError);
  });

  it('draws exponentials with the given mean', () => {
    const r = new Rng(5, 'exp');
    let sum = 0;
    for (let i = 0; i < 50000; i++) sum += r.exponential(100);
    expect(sum / 50000).toBeGreaterThan(95);
    expect(sum / 50000).toBeLessThan(105);
    expect(r.exponential(0)).toBe(0);
  });
});
