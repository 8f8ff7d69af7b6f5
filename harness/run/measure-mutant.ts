/**
 * How the default suite meets one planted bug: a mutant run over seeds
 * 1..N, each seed recording every property that fails (simulate.ts,
 * `allFailures`). The figures `quorate list` prints come from here
 * (harness/cli/measure-mutants.ts writes them to
 * harness/subsystems/mutant-figures.ts), never from hand-typed text.
 * Deterministic: the same code gives the same figures on every machine.
 */
import type { SubsystemDescriptor } from '../subsystems/descriptor.js';
import type { MutantFigure } from '../subsystems/mutant-figure.js';
import { runSeed } from './run-seed.js';

/** Runs mutant `mutant` of `d` on seeds 1..`seeds` and summarizes what failed. */
export function measureMutant(d: SubsystemDescriptor, mutant: string, seeds: number): MutantFigure {
  let firstSeed: number | null = null;
  let firstProperty: string | null = null;
  let firstSeedProperties: string[] = [];
  let failing = 0;
  let unknown = 0;
  const properties: Record<string, number> = {};
  const firstFailures: Record<string, number> = {};
  for (let seed = 1; seed <= seeds; seed++) {
    const o = runSeed(d, seed, { mutant, allFailures: true });
    if (o.verdict === 'unknown') unknown++;
    if (o.verdict !== 'fail') continue;
    failing++;
    const names = o.failures.map((f) => f.property);
    // The first failure recorded is the one a default run (which halts there) reports.
    const first = names[0] as string;
    firstFailures[first] = (firstFailures[first] ?? 0) + 1;
    for (const p of names) properties[p] = (properties[p] ?? 0) + 1;
    if (firstSeed === null) {
      firstSeed = seed;
      firstProperty = first;
      firstSeedProperties = [...names].sort();
    }
  }
  return { seeds, firstSeed, firstProperty, firstSeedProperties, failing, unknown, firstFailures: sorted(firstFailures), properties: sorted(properties) };
}

function sorted(r: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
