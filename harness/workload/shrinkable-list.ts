/**
 * A list arbitrary that is generated with at least `minLength` items but
 * shrinks below that, down to the empty list. Workloads want a realistic
 * amount of client traffic per seed, yet a counterexample should shrink to
 * the few operations that matter; fast-check's own `array` never shrinks
 * below its minimum length.
 */
import * as fc from 'fast-check';

interface InnerContext {
  readonly inner: unknown;
}

const isInner = (c: unknown): c is InnerContext => typeof c === 'object' && c !== null && 'inner' in c;

/** Shorter versions of `xs`: prefixes from the empty one upwards, then each single item removed. */
function* shorter<T>(xs: readonly T[]): Generator<fc.Value<T[]>> {
  const n = xs.length;
  if (n === 0) return;
  // Keep 0, n/2, 3n/4, ... n-1 items: big cuts first.
  for (let step = n; step >= 1; step = Math.floor(step / 2)) {
    yield new fc.Value(xs.slice(0, n - step), undefined);
  }
  for (let i = n - 1; i >= 0; i--) yield new fc.Value([...xs.slice(0, i), ...xs.slice(i + 1)], undefined);
}

class ShrinkableList<T> extends fc.Arbitrary<T[]> {
  constructor(private readonly inner: fc.Arbitrary<T[]>) {
    super();
  }

  override generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<T[]> {
    const v = this.inner.generate(mrng, biasFactor);
    return new fc.Value(v.value_, { inner: v.context } satisfies InnerContext);
  }

  override canShrinkWithoutContext(value: unknown): value is T[] {
    return Array.isArray(value);
  }

  override shrink(value: T[], context: unknown): fc.Stream<fc.Value<T[]>> {
    // While the inner arbitrary still knows the value, let it shrink items and
    // remove elements down to its minimum; once it has nothing left, offer
    // shorter lists, below the minimum too.
    const below = shorter(value);
    if (isInner(context)) {
      return this.inner
        .shrink(value, context.inner)
        .map((v) => new fc.Value(v.value_, { inner: v.context } satisfies InnerContext))
        .join(below);
    }
    return fc.stream(shorter(value));
  }
}

/** Lists of `item` with `minLength..maxLength` items when generated, shrinking down to none. */
export function shrinkableList<T>(item: fc.Arbitrary<T>, o: { minLength: number; maxLength: number }): fc.Arbitrary<T[]> {
  return new ShrinkableList(fc.array(item, { minLength: o.minLength, maxLength: o.maxLength }));
}
