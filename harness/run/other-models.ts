/**
 * `quorate run --consistency all`: besides what a subsystem claims, each
 * seed's history is checked against every other consistency model, so a
 * report can say what a store kept beyond its promise ("claims cm; was also
 * sequential in 97 % of seeds"). These verdicts are reports only: they never
 * fail a seed or make it unknown. Each model sees the records it judges
 * (`recordsFor`: final reads only for `eventual`) within the run's search budget.
 * model-tally.ts sums the verdicts over seeds.
 */
import type { Model } from '../../spec/model.js';
import { CONSISTENCY_MODELS, type ConsistencyModel } from '../../spec/consistency/index.js';
import { checkConsistency } from '../check/consistency/index.js';
import type { HistoryClaim } from '../subsystems/descriptor.js';
import { claimsOf } from '../subsystems/descriptor.js';
import type { OpRecord } from '../workload/driver.js';
import { operationsOf, recordsFor } from './history-check.js';

import type { ModelOutcome } from './model-tally.js';

/** The models a descriptor does not claim (linearizable is claimed when nothing is). */
export function otherModels(claims: HistoryClaim | readonly HistoryClaim[] | undefined): ConsistencyModel[] {
  const claimed = new Set(claimsOf(claims).map((c) => c ?? 'linearizable'));
  return CONSISTENCY_MODELS.filter((m) => !claimed.has(m));
}

/** Checks `records` against every model of `models`, within `maxSteps` search steps each. */
export function judgeOtherModels(models: readonly ConsistencyModel[], records: readonly OpRecord[], model: Model, maxSteps: number): Record<string, ModelOutcome> {
  const out: Record<string, ModelOutcome> = {};
  for (const name of models) {
    const r = checkConsistency(name, operationsOf(recordsFor(name, records)), { model, maxSteps, minimize: false });
    out[name] = r.verdict === 'unknown' ? 'unknown' : 'witness' in r ? 'violated' : 'held';
  }
  return out;
}

