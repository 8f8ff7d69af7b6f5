import { describe, expect, it } from 'vitest';
import { EventQueue } from './event-queue.js';
import { Rng } from './rng.js';

describe('EventQueue', () => {
  it('pops in time order', () => {
    const q = new EventQueue<string>(2);
    q.push(5, 'e');
    q.push(1, 'a');
    q.push(3, 'c');
    q.push(2, 'b');
    q.push(4, 'd');
    const out: string[] = [];
    while (q.size > 0) out.push(q.pop() as string);
    expect(out).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(q.pop()).toBeUndefined();
    expect(q.peekTime()).toBe(Infinity);
  });

  it('breaks ties by insertion order', () => {
    const q = new EventQueue<number>();
    for (let i = 0; i < 100; i++) q.push(7, i);
    q.push(3, -1);
    const out: number[] = [];
    while (q.size > 0) out.push(q.pop() as number);
    expect(out).toEqual([-1, ...Array.from({ length: 100 }, (_, i) => i)]);
  });

  it('matches a stable sort under random interleaved pushes and pops (and grows)', () => {
    const rng = new Rng(42, 'heap-test');
    const q = new EventQueue<number>(16);
    const model: { t: number; s: number }[] = [];
    let seq = 0;
    for (let round = 0; round < 5000; round++) {
      if (rng.chance(0.6) || model.length === 0) {
        const t = rng.nextInt(0, 50);
        q.push(t, seq);
        model.push({ t, s: seq++ });
      } else {
        model.sort((a, b) => a.t - b.t || a.s - b.s);
        const want = model.shift();
        expect(q.peekTime()).toBe(want?.t);
        expect(q.pop()).toBe(want?.s);
      }
      expect(q.size).toBe(model.length);
    }
  });
});
