/**
 * The optimized checker against the brute-force reference (spec/), in the
 * same run: many small random histories — half of them mutated, so some are
 * not linearizable — checked by both. Reports the total time of each, their
 * ratio, and how many verdicts disagree (must be 0).
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { checkOperationsSync } from '../../harness/check/linearizability.js';
import { generateHistory } from '../../harness/workload/gen-history.js';
import { checkLinearizableReference } from '../../spec/linearizability.js';
import { kvModel } from '../../spec/kv.js';
import { registerModel } from '../../spec/register.js';
import type { Model } from '../../spec/model.js';
import type { Operation } from '../../traces/history.js';
import type { BenchGroup, GroupMeasurement } from '../bench-group.js';
import { mutateHistory } from '../mutate-history.js';

const HISTORIES = 2000;

interface Case {
  readonly ops: readonly Operation[];
  readonly model: Model;
}

/** Deterministic cases: kv and register alternately, 7–8 ops, some indeterminate, half mutated. */
export function referenceCases(count: number, seed = 1): Case[] {
  const rng = xoroshiro128plus(seed);
  const cases: Case[] = [];
  for (let i = 0; i < count; i++) {
    const model = i % 2 === 0 ? 'kv' : 'register';
    const want = uniformInt(rng, 7, 8);
    const shape = {
      model,
      ops: want,
      keys: uniformInt(rng, 1, 2),
      clients: uniformInt(rng, 2, 4),
      infoRate: i % 3 === 0 ? 0.15 : 0,
    } as const;
    // Failed cas are dropped from register histories: redraw until the size is right.
    let ops = generateHistory({ ...shape, seed: uniformInt(rng, 0, 0x7fffffff) }).ops;
    for (let tries = 0; ops.length < 7 && tries < 50; tries++) {
      ops = generateHistory({ ...shape, ops: want + 2, seed: uniformInt(rng, 0, 0x7fffffff) }).ops;
      if (ops.length > 8) ops = [];
    }
    if (uniformInt(rng, 0, 1) === 1) ops = mutateHistory(ops, rng);
    cases.push({ ops, model: (model === 'kv' ? kvModel : registerModel) as Model });
  }
  return cases;
}

export const vsReferenceGroup: BenchGroup = {
  name: 'vs-reference',
  description: `optimized checker vs the brute-force reference on ${HISTORIES} random 7–8-op histories (half mutated); anchor = reference time in the same run`,
  anchorKind: 'reference',
  async run(): Promise<GroupMeasurement> {
    const cases = referenceCases(HISTORIES);
    const expected: boolean[] = [];
    const r0 = performance.now();
    for (const c of cases) expected.push(checkLinearizableReference(c.ops, c.model));
    const referenceMs = performance.now() - r0;

    const got: string[] = [];
    let memoPeakBytes = 0;
    const o0 = performance.now();
    for (const c of cases) {
      // Verdict only, like the reference (which returns a boolean).
      const r = checkOperationsSync(c.ops, c.model, { minimize: false });
      got.push(r.verdict);
      if (r.stats.peakMemoBytes > memoPeakBytes) memoPeakBytes = r.stats.peakMemoBytes;
    }
    const checkMs = performance.now() - o0;
    const w0 = performance.now();
    for (const c of cases) checkOperationsSync(c.ops, c.model);
    const witnessMs = performance.now() - w0;

    const mismatches: string[] = [];
    cases.forEach((c, i) => {
      const want = expected[i] ? 'linearizable' : 'not-linearizable';
      if (got[i] !== want) mismatches.push(`case ${i} (${c.model.name}, ${c.ops.length} ops): reference says ${want}, checker says ${got[i]}`);
    });
    const ops = cases.reduce((n, c) => n + c.ops.length, 0);
    const notLin = expected.filter((e) => !e).length;
    return {
      files: cases.length,
      ops,
      checkMs,
      witnessMs,
      anchorMs: referenceMs,
      memoPeakBytes,
      verdicts: { matched: cases.length - mismatches.length, total: cases.length, mismatches },
      notes: [`${notLin} of ${cases.length} histories not linearizable per the reference; reference total ${referenceMs.toFixed(1)} ms`],
    };
  },
};
