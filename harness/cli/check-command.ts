/**
 * `quorate check FILE...`: is each recorded history linearizable? Reads each
 * file at the edge (schema-validated, any supported format), infers or takes
 * the model, runs the optimized checker under a per-file wall-clock budget,
 * and prints a verdict per file — with a readable witness when it is not.
 */
import { statSync } from 'node:fs';
import type { Command } from 'commander';
import { UsageError, QuorateError, BudgetError } from '../../traces/errors.js';
import { readHistory, validateForModel, type HistoryFormat } from '../../traces/read-history.js';
import { MODELS, inferModel } from '../../spec/models.js';
import type { Model } from '../../spec/model.js';
import type { FileVerdict, Witness } from '../../spec/check-result.js';
import { checkOperations } from '../check/linearizability.js';
import { EXIT, worstExit } from './exit.js';
import { writeErr, writeOut } from './closed-pipe.js';
import * as tiers from './jit-tiers.js';
import { formatWitness } from './format-witness.js';
import { parsePositive } from './options.js';
import { WITNESS_KINDS, parseWitnessKind, type WitnessKind } from './witness-option.js';
import { addConsistencyOptions } from './consistency-options.js';
import { explainWitness, type Explanation } from '../report/explain.js';
import { modelOrModule } from './model-option.js';

const FORMATS: readonly HistoryFormat[] = ['auto', 'jsonl', 'jepsen-log', 'edn'];

/**
 * Operations held in memory per file by default: ~0.4 KB each, so 4M is
 * ~1.6 GB beside the checker's own 1.5 GB budget, inside Node's ~4 GB heap.
 */
const DEFAULT_MAX_OPS = 4_000_000;

/** Options of `quorate check`. */
interface CheckCliOptions {
  model?: string;
  format: string;
  timeout?: string;
  memory?: string;
  workers?: string;
  maxOps?: string;
  json?: boolean;
  witness: string;
  consistency?: string;
  report?: string;
}

/** The JSON line printed per file: the library's verdict and witness as they are, plus what was read. */
interface FileReport {
  file: string;
  verdict: FileVerdict;
  ms: number;
  ops: number;
  model?: string;
  format?: string;
  reason?: string;
  error?: string;
  witness?: Witness;
  /** The witness in plain words (harness/report/explain.ts), for tools as for people. */
  explanation?: Explanation;
}

const EXIT_OF: Record<FileReport['verdict'], number> = {
  linearizable: EXIT.pass,
  'not-linearizable': EXIT.violation,
  unknown: EXIT.unknown,
  error: EXIT.usage,
};

/**
 * Milliseconds on a monotonic clock. (Not `performance.now()`: its first use loads Node's perf_hooks,
 * some ten modules, about 1 ms of a small check.)
 */
function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Register `quorate check`. */
export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('check recorded histories for linearizability (exit 0 yes, 1 no, 2 bad input, 3 unknown)')
    .argument('<files...>', 'history files (quorate JSONL, Jepsen log lines, Jepsen EDN); - reads standard input')
    .option('--model <name>', `sequential model: ${Object.keys(MODELS).join('|')}, or a module file whose default export is a Model (default: inferred from operation names)`)
    .option('--format <name>', `input format: ${FORMATS.join('|')}`, 'auto')
    .option('--timeout <seconds>', 'wall-clock budget per file; verdict unknown when it runs out', '60')
    .option('--memory <MB>', "budget for the checker's own memory per file", '1500')
    .option('--workers <n>', 'check independent keys in n worker threads (0 = interleaved in-process)', '0')
    .option('--max-ops <n>', 'operations read per file before giving up with unknown (each costs ~0.4 KB of memory)', String(DEFAULT_MAX_OPS))
    .option('--json', 'one JSON object per file, then a summary object')
    .option('--witness <kind>', `a violation's witness: ${WITNESS_KINDS.join('|')} (none: the verdict only, no minimization)`, 'minimal')
    .option('--report <file>', 'also write a self-contained HTML report of the files');
  addConsistencyOptions(program.commands.at(-1)!)
    .action(async (files: string[], opts: CheckCliOptions) => {
      process.exitCode = await runCheck(files, opts);
    });
}

async function runCheck(files: readonly string[], opts: CheckCliOptions): Promise<number> {
  // The consistency checkers load only when asked for: a plain check does not pay for them at start-up.
  if (opts.consistency !== undefined) return (await import('./consistency-output.js')).runConsistencyCheck(files, opts);
  if (!FORMATS.includes(opts.format as HistoryFormat)) {
    throw new UsageError(`--format must be ${FORMATS.join('|')}, got "${opts.format}"`);
  }
  let forced: Model | undefined;
  if (opts.model !== undefined) {
    forced = await modelOrModule(opts.model);
    if (forced === undefined) throw new UsageError(`--model must be ${Object.keys(MODELS).join('|')} or a module file (./my-model.ts), got "${opts.model}"`);
  }
  const timeoutMs = parsePositive('--timeout', opts.timeout ?? '60', { float: true }) * 1000;
  const memoryBytes = parsePositive('--memory', opts.memory ?? '1500', { float: true }) * 1e6;
  const workers = parsePositive('--workers', opts.workers ?? '0', { allowZero: true });
  const maxOps = parsePositive('--max-ops', opts.maxOps ?? String(DEFAULT_MAX_OPS));
  const witness = parseWitnessKind(opts.witness);
  const started = now();
  let exit: number = EXIT.pass;
  const counts = { linearizable: 0, 'not-linearizable': 0, unknown: 0, error: 0 };
  const checked: FileReport[] = [];
  // A check in-process may hold V8's optimizing compiler back for its first 100 ms (jit-tiers.ts says why and when).
  const mayHold = workers === 0;
  try {
    for (const file of files) {
      const report = await checkFile(file, { forced, format: opts.format as HistoryFormat, timeoutMs, memoryBytes, workers, maxOps, json: opts.json === true, witness, mayHold });
      checked.push(report);
      counts[report.verdict]++;
      exit = worstExit(exit, EXIT_OF[report.verdict]);
      if (opts.json) {
        writeOut(`${JSON.stringify(report)}\n`);
      } else if (report.verdict === 'error') {
        writeErr(`quorate: ${report.error}\n`);
      }
    }
  } finally {
    tiers.release();
  }
  const ms = Math.round(now() - started);
  if (opts.json) {
    writeOut(`${JSON.stringify({ summary: true, files: files.length, ...counts, ms, exit })}\n`);
  } else if (files.length > 1) {
    writeOut(
      `${files.length} files: ${counts.linearizable} linearizable, ${counts['not-linearizable']} not linearizable, ${counts.unknown} unknown, ${counts.error} errors (${ms} ms)\n`,
    );
  }
  if (opts.report !== undefined) {
    // The report writer (HTML, charts, the simulator's PRNG) is loaded only when a report is asked for.
    const { writeCheckReport } = await import('../report/write-report.js');
    const bytes = writeCheckReport(opts.report, checked);
    if (!opts.json) writeOut(`report: ${opts.report} (${bytes} bytes)\n`);
  }
  return exit;
}

/** Holds V8's optimizing compiler back for the check of a file of the size that gains from it (jit-tiers.ts). */
function holdForFile(file: string): void {
  if (!tiers.canHold()) return; // (no look at the file once the hold has been used)
  let size = 0;
  try {
    size = file === '-' ? 0 : statSync(file).size;
  } catch {
    // (reading it reports what is wrong)
  }
  if (tiers.gainsFromHold(size)) tiers.hold();
}

interface FileOptions {
  forced: Model | undefined;
  format: HistoryFormat;
  timeoutMs: number;
  memoryBytes: number;
  workers: number;
  maxOps: number;
  json: boolean;
  witness: WitnessKind;
  /** Whether this check may hold V8's optimizing compiler back (in-process only). */
  mayHold: boolean;
}

async function checkFile(file: string, o: FileOptions): Promise<FileReport> {
  const t0 = now();
  const ms = () => Math.round(now() - t0);
  const shown = file === '-' ? '<stdin>' : file; // how the text output names it (--json echoes the argument)
  let ops = 0;
  try {
    if (o.mayHold) holdForFile(file);
    const h = await readHistory(file, { format: o.format, maxOps: o.maxOps });
    tiers.poll();
    const readMs = ms();
    ops = h.ops.length;
    let model = o.forced;
    if (model === undefined) {
      const inferred = inferModel(h.fs);
      if ('error' in inferred) return { file, verdict: 'error', ms: ms(), ops, error: `${shown}: ${inferred.error}` };
      model = inferred.model;
    }
    validateForModel(h, model);
    const remaining = Math.max(1, Math.round(o.timeoutMs - (now() - t0)));
    const r = await checkOperations(h.ops, model, { timeoutMs: remaining, maxMemoryBytes: o.memoryBytes, workers: o.workers, minimize: o.witness === 'minimal' });
    const base = { file, ms: ms(), ops, model: model.name, format: h.format };
    if (r.verdict === 'linearizable') {
      if (!o.json) writeOut(`${shown}: linearizable (${model.name}, ${ops} ops, ${base.ms} ms)\n`);
      return { ...base, verdict: 'linearizable' };
    }
    if (r.verdict === 'unknown') {
      const reason = `${r.reason} (after ${readMs} ms reading the file)`;
      if (!o.json) writeOut(`${shown}: unknown (${model.name}, ${ops} ops, ${base.ms} ms): ${reason}\n`);
      return { ...base, verdict: 'unknown', reason };
    }
    const verdictLine = `${shown}: not-linearizable (${model.name}, ${ops} ops, ${base.ms} ms)\n`;
    if (o.witness === 'none') {
      if (!o.json) writeOut(verdictLine);
      return { ...base, verdict: r.verdict };
    }
    const explanation = explainWitness(r.witness);
    // One write per file: standard output to a pipe is written synchronously, a system call per write.
    if (!o.json) writeOut(`${verdictLine}${formatWitness(r.witness)}  in plain words: ${explanation.text}\n`);
    return { ...base, verdict: r.verdict, witness: r.witness, explanation };
  } catch (e) {
    if (e instanceof BudgetError) {
      const took = ms();
      if (!o.json) writeOut(`${shown}: unknown (${took} ms): ${e.message}\n`);
      return { file, verdict: 'unknown', ms: took, ops, reason: e.message };
    }
    if (e instanceof QuorateError) return { file, verdict: 'error', ms: ms(), ops, error: e.message };
    throw e;
  }
}
