/**
 * `quorate merge SHARD.jsonl...`: one summary and one exit code from the
 * `--json` outputs of a sharded run's shards (`quorate run --shard I/N
 * --json > shard-I.jsonl`), with coverage judged on their union by the same
 * rule as an unsharded run (harness/run/coverage-policy.ts).
 */
import type { Command } from 'commander';
import { readUserFile } from '../run/trace-file.js';
import { judgeCoverage } from '../run/coverage-policy.js';
import { mergeShards, readShardOutput, type ShardOutput } from '../run/merge-shards.js';
import { summaryLine } from '../run/summary-line.js';
import type { SeedOutcome } from '../run/seed-outcome.js';
import { formatSummary, formatUninvestigated, formatUnknown } from '../report/run-report.js';
import type { CommandIo } from './run-command.js';
import { runExit } from './run-command.js';
import { coverageMode } from './run-options.js';

/** Raw options of `quorate merge`. */
export interface RawMergeOptions {
  readonly json?: boolean;
  readonly coverage?: string;
}

function readShard(file: string): ShardOutput {
  return readShardOutput(file, readUserFile(file));
}

/** Runs `quorate merge`; returns the exit code of the whole run. */
export function mergeCommand(files: readonly string[], raw: RawMergeOptions, io: CommandIo): number {
  const mode = coverageMode(raw.coverage);
  const shards = files.map(readShard);
  const { plan, summary } = mergeShards(shards);
  const coverage = judgeCoverage({ mode, seeds: plan.seeds, sharded: false, mutant: plan.mutant !== null });
  const code = runExit(summary, coverage.fails);
  if (raw.json === true) {
    io.stdout.write(JSON.stringify(summaryLine(plan, summary, coverage.fails && summary.coverageGaps.length > 0, code)) + '\n');
    return code;
  }
  io.stdout.write(`merged ${shards.length} shard${shards.length === 1 ? '' : 's'}: seeds ${plan.baseSeed}..${plan.baseSeed + plan.seeds - 1} of ${plan.subsystems.join(', ')}${plan.mutant === null ? '' : ` (mutant ${plan.mutant})`}, quorate ${plan.quorate}\n`);
  for (const s of shards) {
    for (const o of s.notPassed) {
      const replay = s.replays.get(`${o.subsystem}/${o.seed}`);
      const line = o.verdict === 'fail' ? formatUninvestigated(o as unknown as SeedOutcome) : formatUnknown(o as unknown as SeedOutcome);
      io.stdout.write(`${replay === undefined ? line : line.replace(/replay: .*$/, `replay: ${replay}`)}\n`);
    }
  }
  io.stdout.write(`${formatSummary(summary, { coverage, mutantRun: plan.mutant !== null, timeLabel: 'slowest shard' })}\n`);
  return code;
}

/** Registers `quorate merge` on `program`. */
export function registerMerge(program: Command): void {
  program
    .command('merge')
    .description('one summary and exit code from the --json outputs of the shards of a run')
    .argument('<shards...>', 'the outputs of quorate run --shard I/N --json, one file per shard')
    .option('--coverage <mode>', 'fail|warn: whether a coverage gap fails the merged run (default: fail from 1000 seeds per subsystem)')
    .option('--json', 'print the merged summary as one JSON line')
    .action((files: string[], raw: RawMergeOptions) => {
      process.exitCode = mergeCommand(files, raw, { stdout: process.stdout, stderr: process.stderr });
    });
}
