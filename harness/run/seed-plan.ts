/**
 * Which seeds a run covers: `count` consecutive seeds from `base`, of which a
 * shard `I/N` takes those whose index is I−1 modulo N (DESIGN.md, "Seeds").
 * Shards partition the seeds: every seed belongs to exactly one shard.
 */

/** A shard `index`/`count`, 1-based. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** The seeds of `shard` among `count` seeds from `base`, ascending. */
export function planSeeds(base: number, count: number, shard: Shard = { index: 1, count: 1 }): number[] {
  const seeds: number[] = [];
  for (let i = shard.index - 1; i < count; i += shard.count) seeds.push(base + i);
  return seeds;
}
