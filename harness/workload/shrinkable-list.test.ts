import { describe, it, expect } from 'vitest';
import * as fc from 'fast-check';
import { shrinkableList } from './shrinkable-list.js';

describe('shrinkableList', () => {
  it('generates within its bounds', () => {
    const lens = fc.sample(shrinkableList(fc.nat(), { minLength: 5, maxLength: 9 }), { seed: 3, numRuns: 200 }).map((l) => l.length);
    expect(Math.min(...lens)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...lens)).toBeLessThanOrEqual(9);
  });

  it('shrinks below the generation minimum to the smallest failing list', () => {
    // Fails whenever the list holds a 7: the minimal counterexample is [7].
    const r = fc.check(
      fc.property(shrinkableList(fc.integer({ min: 0, max: 9 }), { minLength: 6, maxLength: 12 }), (xs) => !xs.includes(7)),
      { seed: 42, numRuns: 1000 },
    );
    expect(r.failed).toBe(true);
    expect(r.counterexample?.[0]).toEqual([7]);
  });

  it('shrinks items too, also after the list was cut', () => {
    // Fails when the sum reaches 30: items shrink as well as the length.
    const r = fc.check(
      fc.property(shrinkableList(fc.integer({ min: 0, max: 20 }), { minLength: 4, maxLength: 8 }), (xs) => xs.reduce((a, b) => a + b, 0) < 30),
      { seed: 7, numRuns: 1000 },
    );
    expect(r.failed).toBe(true);
    const ce = r.counterexample?.[0] ?? [];
    // A local minimum: the sum is exactly 30 and no item can go (a zero would).
    expect(ce.reduce((a, b) => a + b, 0)).toBe(30);
    expect(ce.every((x) => x > 0)).toBe(true);
  });
});
