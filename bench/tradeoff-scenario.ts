/**
 * The consistency/availability tradeoff, measured: one scenario — the same
 * client workload and the same partition — applied to each store of the
 * consistency ladder, and what each kept and what it cost.
 *
 * Scenario: 5 servers, 6 clients (client i's home server is n((i−1) mod 5 + 1)),
 * a differentiated get/put workload (6 clients × 20 operations on x, y, z,
 * think ≤ 800 ms), and one partition from 3 s to 7 s of virtual time that
 * splits the nodes into a minority side {n1, n2, c1, c2, c6} and a majority
 * side {n3, n4, n5, c3, c4, c5}; the final heal is at 9 s. Per store and seed:
 * every consistency model's verdict (each on the records it judges: `eventual`
 * needs final reads, which only stores that read every replica give); the
 * virtual latency of completed gets and puts; messages sent per operation;
 * and, per side, the share of the operations invoked during the partition
 * that completed `ok` before it ended.
 */
import * as fc from 'fast-check';
import type { SubsystemDescriptor } from '../harness/subsystems/descriptor.js';
import { simulate } from '../harness/run/simulate.js';
import { checkConsistency } from '../harness/check/consistency/index.js';
import { operationsOf, recordsFor } from '../harness/run/history-check.js';
import { CONSISTENCY_MODELS, type ConsistencyModel } from '../spec/consistency/index.js';
import { putGetWorkload } from '../harness/workload/put-get-workload.js';
import type { RunInputs } from '../harness/nemesis/schedule.js';
import type { OpRecord } from '../harness/workload/driver.js';

/** The partition interval, µs. */
export const PARTITION = { fromUs: 3_000_000, toUs: 7_000_000, healUs: 9_000_000 } as const;
const MINORITY = ['n1', 'n2', 'c1', 'c2', 'c6'];
const MAJORITY = ['n3', 'n4', 'n5', 'c3', 'c4', 'c5'];
const CLIENTS = 6;

/** The scenario's inputs for `seed` (the world's seed and the workload vary with it; the partition does not). */
export function scenarioInputs(seed: number): RunInputs {
  const [workload] = fc.sample(putGetWorkload({ clients: CLIENTS, keys: KEYS, minOps: 20, maxOps: 20, maxThinkUs: 800_000 }), { seed, numRuns: 1 });
  return {
    worldSeed: seed,
    workload: workload ?? [],
    schedule: {
      // partition-halves cuts the first ⌊n/2⌋ of its order from the rest: 5 of the 11 names, the last a node no store has.
      events: [{ at: PARTITION.fromUs, kind: 'partition-halves', order: [...MINORITY, ...MAJORITY] }, { at: PARTITION.toUs, kind: 'heal' }],
      healAt: PARTITION.healUs,
    },
  } as RunInputs;
}

const KEYS = ['x', 'y', 'z'];

/** A store as the scenario runs it: its descriptor with six clients, final reads (if it has them) of the scenario's keys. */
export const inScenario = (d: SubsystemDescriptor): SubsystemDescriptor => ({
  ...d,
  cluster: { servers: 5, clients: CLIENTS },
  ...(d.finalReads === undefined ? {} : { finalReads: { ...d.finalReads, keys: KEYS } }),
});

/** Search steps per model check (linearizable and sequential end unknown past it). */
const CHECK_STEPS = 200_000;

/** What one store did over the scenario's seeds. */
export interface StoreFigures {
  readonly store: string;
  readonly seeds: number;
  /** Per model: seeds held, violated, unknown; and the first violation's seed and witness. */
  readonly models: Record<string, { held: number; violated: number; unknown: number; example?: string }>;
  readonly getUs: readonly number[];
  readonly putUs: readonly number[];
  readonly messages: number;
  readonly ops: number;
  /** Per side: operations invoked during the partition, and those completed ok before it ended. */
  readonly sides: Record<'minority' | 'majority', { invoked: number; completed: number }>;
}

/** Runs the scenario for `seeds` seeds on store `d`. */
export function measureStore(d0: SubsystemDescriptor, seeds: number): StoreFigures {
  const d = inScenario(d0);
  const models: StoreFigures['models'] = {};
  const getUs: number[] = [];
  const putUs: number[] = [];
  let messages = 0;
  let ops = 0;
  const sides = { minority: { invoked: 0, completed: 0 }, majority: { invoked: 0, completed: 0 } };
  for (let seed = 1; seed <= seeds; seed++) {
    const r = simulate(d, scenarioInputs(seed), { mutant: undefined, record: true, checkSteps: 0 });
    const client = r.records.filter((x) => x.f !== 'final-read');
    ops += client.length;
    messages += r.trace.filter((e) => e.type === 'send').length;
    for (const x of client) {
      if (x.status !== 'ok' || x.completeTime === undefined) continue;
      (x.f === 'get' ? getUs : putUs).push(x.completeTime - x.invokeTime);
    }
    for (const x of client) {
      if (x.invokeTime < PARTITION.fromUs || x.invokeTime >= PARTITION.toUs) continue;
      const side = MINORITY.includes(x.client) ? sides.minority : sides.majority;
      side.invoked++;
      if (x.status === 'ok' && (x.completeTime ?? Infinity) < PARTITION.toUs) side.completed++;
    }
    for (const m of CONSISTENCY_MODELS) judge(models, m, seed, r.records, d);
  }
  return { store: d0.name, seeds, models, getUs, putUs, messages, ops, sides };
}

function judge(models: StoreFigures['models'], m: ConsistencyModel, seed: number, records: readonly OpRecord[], d: SubsystemDescriptor): void {
  const t = (models[m] ??= { held: 0, violated: 0, unknown: 0 });
  const res = checkConsistency(m, operationsOf(recordsFor(m, records)), { model: d.model, maxSteps: CHECK_STEPS });
  if (res.verdict === 'unknown') t.unknown++;
  else if (!('witness' in res)) t.held++;
  else {
    t.violated++;
    if (t.example === undefined) {
      const ops = res.witness.ops.slice(0, 6).map((o) => `${o.session ?? o.process}: ${d.model.describe(o)}`);
      t.example = `seed ${seed}, ${res.witness.pattern}${res.witness.key === undefined ? '' : ` on ${JSON.stringify(res.witness.key)}`}: ${ops.join('; ')}${res.witness.ops.length > 6 ? '; …' : ''}`;
    }
  }
}

/** The `q`-quantile of `xs` (nearest rank), or undefined when empty. */
export function quantile(xs: readonly number[], q: number): number | undefined {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

/** One table row of a store's figures (markdown). */
export function tableRow(f: StoreFigures): string {
  const ms = (us: number | undefined): string => (us === undefined ? '—' : `${(us / 1000).toFixed(1)}`);
  const held = Object.entries(f.models)
    .filter(([, t]) => t.held > 0)
    .map(([m, t]) => `${m}${t.held === f.seeds ? '' : ` ${t.held}/${t.held + t.violated}${t.unknown > 0 ? ` (${t.unknown} unknown)` : ''}`}`);
  const side = (s: { invoked: number; completed: number }): string => (s.invoked === 0 ? '—' : `${Math.round((100 * s.completed) / s.invoked)} %`);
  return `| ${f.store} | ${held.join(', ')} | ${ms(quantile(f.getUs, 0.5))} / ${ms(quantile(f.getUs, 0.99))} | ${ms(quantile(f.putUs, 0.5))} / ${ms(quantile(f.putUs, 0.99))} | ${(f.messages / Math.max(1, f.ops)).toFixed(1)} | ${side(f.sides.minority)} | ${side(f.sides.majority)} |`;
}

/** The table's header (markdown). */
export const TABLE_HEADER = [
  '| store | models held (in all seeds, or held/judged) | get p50 / p99 ms | put p50 / p99 ms | messages / op | minority side ok during partition | majority side ok during partition |',
  '|---|---|---|---|---|---|---|',
];
