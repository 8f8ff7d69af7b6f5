/**
 * Merging the `--json` outputs of the shards of one run (`quorate run
 * --shard I/N --json`) into one summary: counts and `sometimes` coverage are
 * summed per subsystem, so coverage is judged on the union, as for one
 * unsharded run. Shards of different runs — another base seed, seed count,
 * mutant, subsystem list or quorate version — and missing or repeated shards
 * are refused, each as one line naming the file.
 */
import { Ajv } from 'ajv';
import { Type, type Static } from '@sinclair/typebox';
import { InputError } from '../../traces/errors.js';
import { explain, parseJsonLine } from '../../traces/validate.js';
import type { RunSummary, SubsystemSummary } from './summary.js';
import { gapsOf } from './summary.js';
import { SummaryLine, type RunPlan } from './summary-line.js';

/** A seed line, as far as merging needs it. */
const SeedLine = Type.Object({
  type: Type.Literal('seed'),
  subsystem: Type.String(),
  mutant: Type.Union([Type.String(), Type.Null()]),
  seed: Type.Integer({ minimum: 0 }),
  verdict: Type.Union([Type.Literal('pass'), Type.Literal('fail'), Type.Literal('unknown')]),
  failures: Type.Array(Type.Object({ property: Type.String() })),
  unknownReason: Type.Optional(Type.String()),
});
/** A failing or inconclusive seed of a shard. */
export type SeedLine = Static<typeof SeedLine>;

/** An investigated failure's line: where its shrunk trace went and how to replay it. */
const FailureLine = Type.Object({ type: Type.Literal('failure'), subsystem: Type.String(), seed: Type.Integer(), replay: Type.String() });

const ajv = new Ajv({ allErrors: true, strict: false });
const validators = { seed: ajv.compile(SeedLine), failure: ajv.compile(FailureLine), summary: ajv.compile(SummaryLine) };
const schemas = { seed: SeedLine, failure: FailureLine, summary: SummaryLine };

/** One shard's output, read and validated. */
export interface ShardOutput {
  readonly file: string;
  readonly summary: SummaryLine;
  /** Seeds that did not pass, in the file's order. */
  readonly notPassed: readonly SeedLine[];
  /** Replay commands of investigated failures, by `subsystem/seed`. */
  readonly replays: ReadonlyMap<string, string>;
}

/** Parses the text of `file`, a `quorate run --json` output; throws InputError (exit 2) naming the line. */
export function readShardOutput(file: string, text: string): ShardOutput {
  let summary: SummaryLine | undefined;
  const notPassed: SeedLine[] = [];
  const replays = new Map<string, string>();
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    if (raw.trim() === '') return;
    const pos = { file, line: i + 1 };
    if (summary !== undefined) throw new InputError(pos, 'a line after the summary: not one `quorate run --json` output', 'not-a-shard');
    const v = parseJsonLine(raw, pos) as Record<string, unknown>;
    const type = typeof v === 'object' && v !== null ? v['type'] : undefined;
    if (type !== 'seed' && type !== 'failure' && type !== 'summary') {
      throw new InputError(pos, `expected a line of \`quorate run --json\` ("type" seed|failure|summary), got ${JSON.stringify(type ?? v)}`, 'not-a-shard');
    }
    const validate = validators[type];
    if (!validate(v)) {
      const hint = type === 'summary' && !('plan' in v) ? ' (written by an older quorate? re-run the shard)' : '';
      throw new InputError(pos, `${explain(validate.errors ?? [], schemas[type] as unknown as Record<string, unknown>, v)}${hint}`, 'not-a-shard');
    }
    if (type === 'summary') summary = v as unknown as SummaryLine;
    else if (type === 'seed') {
      const s = v as unknown as SeedLine;
      if (s.verdict !== 'pass') notPassed.push(s);
    } else replays.set(`${String(v['subsystem'])}/${String(v['seed'])}`, String(v['replay']));
  });
  if (summary === undefined) throw new InputError({ file }, 'no summary line: the run did not finish (or this is not `quorate run --json` output)', 'not-a-shard');
  return { file, summary, notPassed, replays };
}

/** The shard a plan ran (an unsharded run is shard 1/1). */
function shardOf(p: RunPlan): { index: number; count: number } {
  return p.shard ?? { index: 1, count: 1 };
}

/** Throws unless every shard belongs to the same run and each of its N shards is given exactly once. */
function checkShards(shards: readonly ShardOutput[]): void {
  const first = shards[0] as ShardOutput;
  const p0 = first.summary.plan;
  const same: [string, (p: RunPlan) => unknown][] = [
    ['quorate version', (p) => p.quorate], ['subsystems', (p) => p.subsystems.join(',')], ['mutant', (p) => p.mutant ?? 'none'],
    ['base seed (--seed)', (p) => p.baseSeed], ['seed count (--seeds)', (p) => p.seeds], ['shard count', (p) => shardOf(p).count],
  ];
  const byIndex = new Map<number, string>();
  for (const s of shards) {
    for (const [what, get] of same) {
      if (get(s.summary.plan) !== get(p0)) {
        throw new InputError({ file: s.file }, `${what} ${String(get(s.summary.plan))} differs from ${first.file}'s ${String(get(p0))}: not a shard of the same run`, 'shard-mismatch');
      }
    }
    const { index, count } = shardOf(s.summary.plan);
    const seen = byIndex.get(index);
    if (seen !== undefined) throw new InputError({ file: s.file }, `shard ${index}/${count} again (also ${seen})`, 'shard-duplicate');
    byIndex.set(index, s.file);
  }
  const count = shardOf(p0).count;
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0) {
    throw new InputError({ file: first.file }, `shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} of this run missing (given: ${[...byIndex.keys()].sort((a, b) => a - b).join(', ')})`, 'shard-missing');
  }
}

function add(into: Record<string, number>, from: Readonly<Record<string, number>>): void {
  for (const [k, n] of Object.entries(from)) into[k] = (into[k] ?? 0) + n;
}

/** The summary of the whole run the shards make up (its `ms` is the slowest shard's). */
export function mergeShards(shards: readonly ShardOutput[]): { readonly plan: RunPlan; readonly summary: RunSummary } {
  if (shards.length === 0) throw new InputError({ file: '(none)' }, 'no shard outputs given', 'shard-missing');
  checkShards(shards);
  const plan = { ...(shards[0] as ShardOutput).summary.plan, shard: null };
  const subsystems = plan.subsystems.map((name): SubsystemSummary => {
    const parts = shards.flatMap((s) => s.summary.subsystems.filter((x) => x.subsystem === name));
    const coverage: Record<string, number> = {};
    const faults: Record<string, number> = {};
    for (const x of parts) {
      add(coverage, x.coverage);
      add(faults, x.faults);
    }
    const sum = (f: (x: (typeof parts)[number]) => number): number => parts.reduce((n, x) => n + f(x), 0);
    return {
      subsystem: name, mutant: plan.mutant, seeds: sum((x) => x.seeds), passed: sum((x) => x.passed), failed: sum((x) => x.failed), unknown: sum((x) => x.unknown),
      coverage, eventuallyExercised: sum((x) => x.eventuallyExercised),
      faults: Object.fromEntries(Object.entries(faults).sort(([a], [b]) => (a < b ? -1 : 1))),
    };
  });
  return {
    plan,
    summary: {
      seeds: subsystems.reduce((n, x) => n + x.seeds, 0),
      failures: subsystems.reduce((n, x) => n + x.failed, 0),
      unknown: subsystems.reduce((n, x) => n + x.unknown, 0),
      ms: Math.max(...shards.map((s) => s.summary.ms)),
      subsystems, coverageGaps: subsystems.flatMap(gapsOf),
    },
  };
}
