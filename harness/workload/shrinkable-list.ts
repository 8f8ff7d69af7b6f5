/**
 * A list arbitrary that is generated with at least `minLength` items but
 * shrinks below that, down to the empty list. Workloads want a realistic
 * amount of client traffic per seed, yet a counterexample should shrink to
 * the few operations that matter; fast-check's own `array` never shrinks
 * below its minimum length.
 *
 * The runner shrinks a run's workload as plain data (harness/run/inputs.ts,
 * which can start from a cut of the seed's inputs), so this shrinker serves
 * `kvWorkload` used directly in a property. Its order suits deterministic
 * simulations too: cut the tail first (dropping
 * a client's later requests leaves everything before them unchanged, so a
 * cut just after the failure keeps it), then remove single items, then
 * shrink the items themselves. Each item keeps its own shrink context, so
 * items still shrink after the list was cut.
 */
import * as fc from 'fast-check';

/** The shrink context: every item's own generated value. */
type Items<T> = readonly fc.Value<T>[];

class ShrinkableList<T> extends fc.Arbitrary<T[]> {
  constructor(
    private readonly item: fc.Arbitrary<T>,
    private readonly minLength: number,
    private readonly maxLength: number,
  ) {
    super();
  }

  override generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<T[]> {
    const n = mrng.nextInt(this.minLength, this.maxLength);
    const items: fc.Value<T>[] = [];
    for (let i = 0; i < n; i++) items.push(this.item.generate(mrng, biasFactor));
    return this.listValue(items);
  }

  override canShrinkWithoutContext(value: unknown): value is T[] {
    return false;
  }

  override shrink(_value: T[], context: unknown): fc.Stream<fc.Value<T[]>> {
    const items = context as Items<T> | undefined;
    if (items === undefined) return fc.Stream.nil();
    return fc.stream(this.candidates(items));
  }

  private listValue(items: Items<T>): fc.Value<T[]> {
    return new fc.Value(
      items.map((v) => v.value_),
      items,
    );
  }

  private *candidates(items: Items<T>): Generator<fc.Value<T[]>> {
    const n = items.length;
    // Prefixes, shortest first: 0, n/2, 3n/4, ... n-1 items.
    for (let drop = n; drop >= 1; drop = Math.floor(drop / 2)) yield this.listValue(items.slice(0, n - drop));
    // Single items removed, last first.
    for (let i = n - 1; i >= 0; i--) yield this.listValue([...items.slice(0, i), ...items.slice(i + 1)]);
    // Each item shrunk in place.
    for (let i = 0; i < n; i++) {
      const it = items[i];
      if (it === undefined) continue;
      for (const smaller of this.item.shrink(it.value_, it.context)) {
        yield this.listValue([...items.slice(0, i), smaller, ...items.slice(i + 1)]);
      }
    }
  }
}

/** Lists of `item` with `minLength..maxLength` items when generated, shrinking down to none. */
export function shrinkableList<T>(item: fc.Arbitrary<T>, o: { minLength: number; maxLength: number }): fc.Arbitrary<T[]> {
  return new ShrinkableList(item, o.minLength, o.maxLength);
}
