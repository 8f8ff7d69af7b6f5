/**
 * The world's priority queue: a binary min-heap of items keyed by
 * (time, sequence number). The sequence number is assigned at insertion and
 * only grows, so events at the same virtual time come out in the order they
 * were scheduled — the run never depends on heap internals.
 *
 * Keys live in parallel Float64Arrays (no per-entry key objects, no
 * comparator closures); items live in a plain array beside them.
 */

/** A min-heap of `T` ordered by (time, insertion order). */
export class EventQueue<T> {
  private times: Float64Array;
  private seqs: Float64Array;
  private items: (T | undefined)[];
  private count = 0;
  private nextSeq = 0;

  /** An empty queue with room for `capacity` entries before it grows. */
  constructor(capacity = 1024) {
    const c = Math.max(16, capacity);
    this.times = new Float64Array(c);
    this.seqs = new Float64Array(c);
    this.items = new Array<T | undefined>(c);
  }

  /** Number of queued items. */
  get size(): number {
    return this.count;
  }

  /** Sequence numbers handed out so far (the next one to assign). */
  get sequence(): number {
    return this.nextSeq;
  }

  /** Time of the earliest item, or Infinity when empty. */
  peekTime(): number {
    return this.count === 0 ? Infinity : (this.times[0] as number);
  }

  /** Adds `item` at `time`; returns its sequence number. */
  push(time: number, item: T): number {
    if (this.count === this.times.length) this.grow();
    const seq = this.nextSeq++;
    const times = this.times;
    const seqs = this.seqs;
    const items = this.items;
    let i = this.count++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = times[p] as number;
      if (pt < time || (pt === time && (seqs[p] as number) < seq)) break;
      times[i] = pt;
      seqs[i] = seqs[p] as number;
      items[i] = items[p];
      i = p;
    }
    times[i] = time;
    seqs[i] = seq;
    items[i] = item;
    return seq;
  }

  /** Removes and returns the earliest item (undefined when empty). */
  pop(): T | undefined {
    const n = this.count;
    if (n === 0) return undefined;
    const items = this.items;
    const top = items[0];
    const last = n - 1;
    this.count = last;
    if (last > 0) {
      const times = this.times;
      const seqs = this.seqs;
      const t = times[last] as number;
      const s = seqs[last] as number;
      const it = items[last];
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= last) break;
        const r = c + 1;
        if (r < last) {
          const ct = times[c] as number;
          const rt = times[r] as number;
          if (rt < ct || (rt === ct && (seqs[r] as number) < (seqs[c] as number))) c = r;
        }
        const ct = times[c] as number;
        if (t < ct || (t === ct && s < (seqs[c] as number))) break;
        times[i] = ct;
        seqs[i] = seqs[c] as number;
        items[i] = items[c];
        i = c;
      }
      times[i] = t;
      seqs[i] = s;
      items[i] = it;
    }
    items[last] = undefined;
    return top;
  }

  /** Drops every item (sequence numbers keep growing). */
  clear(): void {
    this.items.fill(undefined, 0, this.count);
    this.count = 0;
  }

  private grow(): void {
    const c = this.times.length * 2;
    const times = new Float64Array(c);
    times.set(this.times);
    const seqs = new Float64Array(c);
    seqs.set(this.seqs);
    this.times = times;
    this.seqs = seqs;
    this.items.length = c;
  }
}
