/**
 * `quorate run`: the conformance suite. Runs seeded simulations of every
 * chosen subsystem (on worker threads), prints failures with their shrunk
 * counterexample and a one-line replay command, writes failing traces, and
 * ends with a summary and the exit code of DESIGN.md ("Command line").
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { SubsystemDescriptor } from '../subsystems/descriptor.js';
import { inProcessExecutor, workerExecutor } from '../run/executor.js';
import { runSuite, type SuiteResult } from '../run/suite.js';
import { traceFileName } from '../run/trace-file.js';
import { judgeCoverage } from '../run/coverage-policy.js';
import { runPlan, summaryLine } from '../run/summary-line.js';
import type { RunSummary } from '../run/summary.js';
import { VERSION } from '../../traces/version.js';
import type { SeedOutcome } from '../run/seed-outcome.js';
import { formatInvestigated, formatSummary, formatUninvestigated, formatUnknown, replayCommand, type TracePaths } from '../report/run-report.js';
import { writeRunReport } from '../report/write-report.js';
import { EXIT } from './exit.js';
import { checkOutDir, ensureDir } from './out-dir.js';
import { ProgressLine } from './progress-line.js';
import { parseRunOptions, DEFAULT_SEEDS, DEFAULT_BASE_SEED, type RawRunOptions } from './run-options.js';
import { chooseSubsystem } from './user-subsystem.js';

/** Failing seeds recorded and shrunk per subsystem in a run without `--mutant`. */
export const INVESTIGATE_LIMIT = 5;
/** The exit code of a run (or of merged shards): a failure 1, a gap that fails 1, else unknown seeds 3, else 0. */
export function runExit(s: RunSummary, gapsFail: boolean): number {
  return s.failures > 0 ? EXIT.violation : gapsFail && s.coverageGaps.length > 0 ? EXIT.violation : s.unknown > 0 ? EXIT.unknown : EXIT.pass;
}

/** Where failing traces go without `--out`. */
export const DEFAULT_OUT_DIR = '.quorate/traces';

/** Where the command writes. */
export interface CommandIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WriteStream | NodeJS.WritableStream;
}

/** Runs `quorate run` with raw options against `registry`; returns the exit code. */
export async function runCommand(raw: RawRunOptions & { readonly report?: string }, registry: readonly SubsystemDescriptor[], io: CommandIo): Promise<number> {
  const chosen = await chooseSubsystem(raw.subsystem, registry); // a module path loads the user's own descriptor
  const opts = parseRunOptions(chosen.subsystem === undefined ? raw : { ...raw, subsystem: chosen.subsystem }, chosen.registry);
  const mutantRun = opts.mutant !== undefined;
  // A bad --out is refused before the run, not found after it; the default is checked only when written to.
  if (opts.out !== undefined) checkOutDir(opts.out);
  const progress = 'isTTY' in io.stderr && !opts.json ? new ProgressLine(io.stderr) : undefined;
  const executor = opts.workers === 0 ? inProcessExecutor(opts.descriptors) : workerExecutor(opts.workers, chosen.modules);
  let failed = 0;
  let result: SuiteResult;
  try {
    result = await runSuite(
      {
        descriptors: opts.descriptors, mutant: opts.mutant, baseSeed: opts.baseSeed, seeds: opts.seeds,
        ...(opts.shard === undefined ? {} : { shard: opts.shard }),
        stopAtFirstFailure: mutantRun, investigateLimit: mutantRun ? 1 : INVESTIGATE_LIMIT, otherModels: opts.otherModels,
        onOutcome: (o, done, total) => {
          if (o.verdict === 'fail') failed++;
          progress?.update(done, total, failed);
        },
        // Seed lines stream in seed order as the run goes, so an interrupted run has printed what it found.
        ...(opts.json ? { onOrdered: (o: SeedOutcome) => void io.stdout.write(JSON.stringify({ type: 'seed', ...o }) + '\n') } : {}),
      },
      executor,
    );
  } finally {
    progress?.clear();
    await executor.close();
  }
  const coverage = judgeCoverage({ mode: opts.coverage, seeds: opts.seeds, sharded: opts.shard !== undefined, mutant: mutantRun });
  const out = opts.out ?? DEFAULT_OUT_DIR;
  // A failed write never throws the run's report away: the failure is printed by seed, the write error last.
  let writeError: string | undefined;
  const written: TracePaths[] = [];
  for (const f of result.investigated) {
    let paths: TracePaths = {};
    try {
      paths = writeTraces(out, f.outcome, f.trace, f.shrunkTrace);
    } catch (e) {
      writeError ??= `cannot write traces to ${out}: ${(e as Error).message}`;
    }
    written.push(paths);
    if (opts.json) {
      io.stdout.write(JSON.stringify({
        type: 'failure', subsystem: f.outcome.subsystem, mutant: f.outcome.mutant, seed: f.outcome.seed,
        failures: f.outcome.failures, original: { ops: f.originalOps, faults: f.originalFaults }, shrunk: { ops: f.shrunkOps, faults: f.shrunkFaults, simulations: f.shrinkRuns, failures: f.shrunkFailure.failures },
        traces: paths, replay: replayCommand(f.outcome, paths.shrunk),
      }) + '\n');
    } else {
      io.stdout.write(formatInvestigated(f, paths) + '\n\n');
    }
  }
  const s = result.summary;
  // A failed write is bad input (exit 2) and wins over the verdict, as with several inputs.
  const code = writeError !== undefined ? EXIT.usage : runExit(s, coverage.fails);
  if (opts.json) {
    const plan = runPlan({ quorate: VERSION, subsystems: opts.descriptors.map((d) => d.name), mutant: opts.mutant, baseSeed: opts.baseSeed, seeds: opts.seeds, shard: opts.shard });
    io.stdout.write(JSON.stringify(summaryLine(plan, s, coverage.fails && s.coverageGaps.length > 0, code)) + '\n');
  } else {
    for (const o of result.notInvestigated) io.stdout.write(formatUninvestigated(o) + '\n');
    for (const o of result.outcomes) if (o.verdict === 'unknown') io.stdout.write(formatUnknown(o) + '\n');
    io.stdout.write(formatSummary(s, { coverage, mutantRun }) + '\n');
    if (mutantRun && s.failures === 0) io.stdout.write(`mutant ${opts.mutant} SURVIVED ${s.seeds} seeds: raise --seeds, or the harness cannot reach it\n`);
  }
  if (raw.report !== undefined) {
    const bytes = writeRunReport(raw.report, result.investigated, written, formatSummary(s, { coverage, mutantRun }), s);
    if (!opts.json) io.stdout.write(`report: ${raw.report} (${bytes} bytes)\n`);
  }
  if (writeError !== undefined) io.stderr.write(`quorate: ${writeError}\n`);
  return code;
}

function writeTraces(dir: string, o: SeedOutcome, trace: string, shrunk: string): TracePaths {
  ensureDir(dir);
  const mutant = o.mutant ?? undefined;
  const a = join(dir, traceFileName(o.subsystem, mutant, o.seed, false));
  const b = join(dir, traceFileName(o.subsystem, mutant, o.seed, true));
  writeFileSync(a, trace);
  writeFileSync(b, shrunk);
  return { trace: a, shrunk: b };
}

/** Registers `quorate run` on `program`, running against `registry`. */
export function registerRun(program: Command, registry: readonly SubsystemDescriptor[]): void {
  program
    .command('run')
    .description('run the conformance suite: seeded simulations under faults, checked and shrunk')
    .option('--subsystem <name>', 'a subsystem, or all, or a module file (./my-store.ts) whose default export is a SubsystemDescriptor', 'all')
    .option('--seeds <n>', `seeds per subsystem (default ${DEFAULT_SEEDS})`)
    .option('--seed <s>', `first seed (default ${DEFAULT_BASE_SEED})`)
    .option('--mutant <m>', 'run a seeded bug; stops at the first failing seed (exit 1 = caught)')
    .option('--workers <n>', 'worker threads (0 = none: all in the main thread; default: available parallelism)')
    .option('--shard <i/n>', 'run only the seeds whose index is i-1 modulo n')
    .option('--out <dir>', `directory for failing traces (default ${DEFAULT_OUT_DIR})`)
    .option('--coverage <mode>', `fail|warn: whether a coverage gap fails the run (default: fail from ${DEFAULT_SEEDS} seeds per subsystem unsharded, else warn)`)
    .option('--consistency <all>', 'also check every consistency model a subsystem does not claim, and report the share of seeds each held in (never fails a run)')
    .option('--json', 'one JSON object per seed, then failures, then a summary')
    .option('--report <file>', 'also write a self-contained HTML report: each failure, the summary and coverage')
    .action(async (raw: RawRunOptions) => {
      process.exitCode = await runCommand(raw, registry, { stdout: process.stdout, stderr: process.stderr });
    });
}
