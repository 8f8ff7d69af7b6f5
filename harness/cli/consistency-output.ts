/**
 * `quorate check --consistency MODEL|all FILE...`: each history judged
 * against consistency models beyond linearizability (spec/consistency/index.ts
 * names and orders them), by the fast checkers of harness/check/consistency.
 *
 * With one model the exit code is its verdict (0 satisfied, 1 violated,
 * 3 unknown). With `all` every model's verdict is printed, then the
 * strongest models satisfied (a set: cm and ccv are incomparable), then for
 * each violated model its witness — the operations forming the bad pattern,
 * named as the definition names it, with their lines, and the sub-history
 * (re-checked to violate on its own) they were found in; the exit code is 0
 * unless an input is bad, or follows `--expect MODEL`. An unknown model name
 * is exit 2 with the list of names.
 */
import { BudgetError, QuorateError, UsageError } from '../../traces/errors.js';
import { readHistory, validateForModel, type HistoryFormat } from '../../traces/read-history.js';
import type { Operation } from '../../traces/history.js';
import type { Model } from '../../spec/model.js';
import type { Witness, WitnessOp } from '../../spec/check-result.js';
import { CONSISTENCY_MODELS, type ConsistencyModel, IMPLIES, consistencyModelNamed } from '../../spec/consistency/names.js';
import { type ConsistencyCliOptions, DEFAULT_CONSISTENCY_STEPS, modelNames } from './consistency-options.js';
import type { ModelVerdict, PatternWitness } from '../../spec/consistency/verdict.js';
import { MODELS, inferModel } from '../../spec/models.js';
import { checkConsistency } from '../check/consistency/index.js';
import { checkOperations } from '../check/linearizability.js';
import { witnessOp } from '../check/build-witness.js';
import { EXIT, worstExit } from './exit.js';
import { writeErr, writeOut } from './closed-pipe.js';
import { formatWitness } from './format-witness.js';
import { parsePositive } from './options.js';
import { modelOrModule } from './model-option.js';




function modelOption(flag: string, raw: string): ConsistencyModel {
  const m = consistencyModelNamed(raw);
  if (m === undefined) throw new UsageError(`${flag} must be ${modelNames()}${flag === '--consistency' ? '|all' : ''}, got "${raw}"`);
  return m;
}

/** Models each model implies, beyond the ladder: cc implies every session guarantee (spec/consistency/session-guarantees.ts). */
const ALSO_IMPLIED: Partial<Record<ConsistencyModel, readonly ConsistencyModel[]>> = {
  cc: ['read-your-writes', 'monotonic-reads', 'monotonic-writes', 'writes-follow-reads'],
};

function impliedBy(m: ConsistencyModel, into = new Set<ConsistencyModel>()): Set<ConsistencyModel> {
  for (const x of [...IMPLIES[m], ...(ALSO_IMPLIED[m] ?? [])]) {
    if (into.has(x)) continue;
    into.add(x);
    impliedBy(x, into);
  }
  return into;
}

/** The satisfied models no other satisfied model implies. */
export function strongestSatisfied(satisfied: readonly ConsistencyModel[]): ConsistencyModel[] {
  const below = new Set<ConsistencyModel>();
  for (const m of satisfied) for (const x of impliedBy(m)) below.add(x);
  return satisfied.filter((m) => !below.has(m));
}

/** One model's outcome on one file, as `--json` prints it. */
interface ModelReport {
  readonly verdict: string;
  readonly ms: number;
  readonly reason?: string;
  /** The witness in the one shape of spec/check-result.ts: `ops` are the pattern's operations. */
  readonly witness?: Witness;
  /** The sub-history the pattern was found in, which violates the model on its own. */
  readonly subHistory?: readonly WitnessOp[];
}

/** Runs `check --consistency`; returns the exit code. */
export async function runConsistencyCheck(files: readonly string[], opts: ConsistencyCliOptions): Promise<number> {
  const raw = opts.consistency!;
  const models: readonly ConsistencyModel[] = raw === 'all' ? CONSISTENCY_MODELS : [modelOption('--consistency', raw)];
  const expect = opts.expect === undefined ? undefined : modelOption('--expect', opts.expect);
  if (opts.report !== undefined) throw new UsageError('--report draws linearizability checks; it does not go with --consistency');
  if (expect !== undefined && raw !== 'all') throw new UsageError('--expect goes with --consistency all (with one model the exit code already follows it)');
  const follow = raw === 'all' ? expect : models[0];
  const maxSteps = parsePositive('--max-steps', opts.maxSteps ?? String(DEFAULT_CONSISTENCY_STEPS));
  const timeoutMs = parsePositive('--timeout', opts.timeout ?? '60', { float: true }) * 1000;
  const maxOps = opts.maxOps === undefined ? undefined : parsePositive('--max-ops', opts.maxOps);
  const maxMemoryBytes = parsePositive('--memory', opts.memory ?? '1500', { float: true }) * 1e6;
  const workers = parsePositive('--workers', opts.workers ?? '0', { allowZero: true });
  let exit: number = EXIT.pass;
  for (const file of files) {
    const shown = file === '-' ? '<stdin>' : file;
    try {
      const h = await readHistory(file, { format: opts.format as HistoryFormat, maxOps });
      const model = await modelOf(opts.model, h.fs, shown);
      validateForModel(h, model);
      const results = new Map<ConsistencyModel, { verdict: ModelVerdict<ConsistencyModel>; linWitness?: Witness; ms: number }>();
      for (const name of models) {
        const t0 = performance.now();
        if (name === 'linearizable') {
          const r = await checkOperations(h.ops, model, { timeoutMs, maxMemoryBytes, workers });
          const verdict: ModelVerdict<ConsistencyModel> = r.verdict === 'not-linearizable' ? { verdict: 'not-linearizable', witness: { key: r.witness.key ?? undefined, pattern: r.witness.pattern, ops: [] } } : r;
          results.set(name, { verdict, ...(r.verdict === 'not-linearizable' ? { linWitness: r.witness } : {}), ms: Math.round(performance.now() - t0) });
          continue;
        }
        results.set(name, { verdict: checkConsistency(name, h.ops, { model, maxSteps }), ms: Math.round(performance.now() - t0) });
      }
      const satisfied = models.filter((m) => results.get(m)!.verdict.verdict === m);
      const strongest = strongestSatisfied(satisfied);
      if (follow !== undefined) {
        const v = results.get(follow)!.verdict.verdict;
        exit = worstExit(exit, v === follow ? EXIT.pass : v === 'unknown' ? EXIT.unknown : EXIT.violation);
      }
      if (opts.json === true) {
        const report: Record<string, ModelReport> = {};
        for (const [name, r] of results) report[name] = toReport(r.verdict, r.ms, model, r.linWitness);
        writeOut(`${JSON.stringify({ file, format: h.format, model: model.name, ops: h.ops.length, results: report, strongest })}\n`);
      } else {
        writeOut(formatFile(shown, model, h.ops.length, results, strongest, raw === 'all'));
      }
    } catch (e) {
      if (e instanceof BudgetError) {
        if (opts.json === true) writeOut(`${JSON.stringify({ file, verdict: 'unknown', reason: e.message })}\n`);
        else writeOut(`${shown}: unknown: ${e.message}\n`);
        exit = worstExit(exit, follow === undefined ? EXIT.pass : EXIT.unknown);
        continue;
      }
      if (!(e instanceof QuorateError)) throw e;
      if (opts.json === true) writeOut(`${JSON.stringify({ file, verdict: 'error', error: e.message })}\n`);
      else writeErr(`quorate: ${e.message}\n`);
      exit = worstExit(exit, EXIT.usage);
    }
  }
  return exit;
}

async function modelOf(name: string | undefined, fs: ReadonlySet<string>, shown: string): Promise<Model> {
  if (name !== undefined) {
    const m = await modelOrModule(name);
    if (m === undefined) throw new UsageError(`--model must be ${Object.keys(MODELS).join('|')}, got "${name}"`);
    return m;
  }
  const inferred = inferModel(fs);
  if ('error' in inferred) throw new UsageError(`${shown}: ${inferred.error}`);
  return inferred.model;
}

/** A witness in the shape of spec/check-result.ts (pattern operations), plus the sub-history. */
export function toReport(v: ModelVerdict<ConsistencyModel>, ms: number, model: Model, linWitness?: Witness): ModelReport {
  if (v.verdict === 'unknown' && 'reason' in v) return { verdict: v.verdict, ms, reason: v.reason };
  if (!('witness' in v)) return { verdict: v.verdict, ms };
  if (linWitness !== undefined) return { verdict: v.verdict, ms, witness: linWitness };
  const w = v.witness;
  const op = (o: Operation): WitnessOp => witnessOp(o, model, o);
  const witness: Witness = { key: w.key ?? null, ops: w.ops.map(op), pattern: w.pattern, linearized: [], stuck: [], state: '' };
  return { verdict: v.verdict, ms, witness, subHistory: (w.subHistory ?? w.ops).map(op) };
}

/** What each pattern shows, one line, in the words of its definition (spec/consistency). */
const PATTERN_MEANING: Readonly<Record<string, string>> = {
  ThinAirRead: 'a read returns a value no write of its key wrote (a failed write counts as none)',
  CyclicCO: 'the causal order (session order ∪ read-from)⁺ is cyclic',
  WriteCOInitRead: 'a read returns the initial value though a write of its key is in its causal past',
  WriteCORead: 'a read returns w1 though another write w2 of its key sits between them: w1 co w2 co read',
  CyclicCF: 'causal order plus conflict order (w1 cf w2: w1 is in the causal past of a read of w2) is cyclic',
  WriteHBInitRead: "a read in the last operation's session past returns the initial value though a write of its key happened before it",
  CyclicHB: "the happened-before order of the last operation's session (causal order plus the write order its reads imply) is cyclic",
  'read-your-writes': 'a read misses an earlier write of its own session (returns the initial value or an older write)',
  'monotonic-reads': 'a read misses the write an earlier read of its session returned',
  'monotonic-writes': 'a read sees a write of a session but misses an earlier write of that session',
  'writes-follow-reads': 'a read sees a write but misses a write its writer had read before it',
  'no-legal-total-order': 'no total order of these operations respects every session’s order and is legal for the model',
  'final-reads-disagree': 'two final reads of one key returned different values',
  'final-read-lost-update': 'a final read misses an acknowledged update',
  'final-read-thin-air': 'a final read returns a value nothing wrote',
  'final-read-overwritten': 'a final read returns a write that a later acknowledged write overwrote',
};

function formatFile(
  shown: string,
  model: Model,
  n: number,
  results: ReadonlyMap<ConsistencyModel, { verdict: ModelVerdict<ConsistencyModel>; linWitness?: Witness; ms: number }>,
  strongest: readonly ConsistencyModel[],
  all: boolean,
): string {
  let out = `${shown} (${model.name}, ${n} ops):\n`;
  const width = Math.max(...[...results.keys()].map((m) => m.length));
  for (const [name, r] of results) {
    const why = 'reason' in r.verdict ? `: ${r.verdict.reason}` : 'witness' in r.verdict ? ` (${r.verdict.witness.pattern})` : '';
    out += `  ${name.padEnd(width)}  ${r.verdict.verdict}${why}  [${r.ms} ms]\n`;
  }
  if (all) out += `  strongest satisfied: ${strongest.length === 0 ? 'none' : strongest.join(', ')}\n`;
  for (const r of results.values()) {
    if (!('witness' in r.verdict)) continue;
    out += `\n  ${r.verdict.verdict}:\n`;
    if (r.linWitness !== undefined) {
      out += formatWitness(r.linWitness);
      continue;
    }
    out += formatPattern(r.verdict.witness, model);
  }
  return out;
}

function formatPattern(w: PatternWitness, model: Model): string {
  const on = w.key === undefined ? '' : ` on key ${JSON.stringify(w.key)}`;
  let out = `  bad pattern ${w.pattern}${on}: ${PATTERN_MEANING[w.pattern] ?? w.pattern}\n`;
  out += `  formed by:\n${rows(w.ops, model, '    ')}`;
  const rest = (w.subHistory ?? []).filter((o) => !w.ops.includes(o));
  if (rest.length > 0) {
    out += `  in a sub-history of ${w.subHistory!.length} operations that violates the model on its own; the others:\n`;
    out += rows(rest.slice(0, 20), model, '    ');
    if (rest.length > 20) out += `    ... and ${rest.length - 20} more\n`;
  }
  return out;
}

function rows(ops: readonly Operation[], model: Model, indent: string): string {
  const cells = ops.map((o) => [
    o.retLine === undefined ? `line ${o.callLine} .. ${o.status}` : `line ${o.callLine} .. line ${o.retLine}`,
    `process ${String(o.process)}${o.session !== undefined ? ` (session ${String(o.session)})` : ''}`,
    model.describe(o),
    o.status,
  ]);
  const widths = [0, 1, 2].map((i) => Math.max(...cells.map((c) => c[i]!.length)));
  return cells.map((c) => `${indent}${c.map((x, i) => (i < 3 ? x.padEnd(widths[i]!) : x)).join('  ')}\n`).join('');
}
