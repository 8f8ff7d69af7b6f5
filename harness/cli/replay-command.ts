/**
 * `quorate replay TRACE` (or `--subsystem NAME --seed S [--mutant M]`):
 * re-runs a simulation from the trace header's inputs, says whether the new
 * trace is byte-identical to the file, and exits 1 when it fails again.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { InputError, UsageError } from '../../traces/errors.js';
import type { SubsystemDescriptor } from '../subsystems/descriptor.js';
import { replaySeed, replayTrace, type ReplayResult } from '../run/replay.js';
import { replayableInputs } from '../run/check-trace-inputs.js';
import { readTraceFile, traceFileName } from '../run/trace-file.js';
import { fmtTime } from '../run/format-time.js';
import { EXIT } from './exit.js';
import { checkOutDir, ensureDir } from './out-dir.js';
import type { CommandIo } from './run-command.js';
import { pickSubsystem, pickTargets, seedValue } from './run-options.js';
import { chooseReplaySubsystem } from './user-subsystem.js';
import { writeReplayReport, plainWords } from '../report/write-report.js';
import { replayCommand as replayLine } from '../report/run-report.js';

/** Raw options of `quorate replay`. */
export interface RawReplayOptions {
  readonly subsystem?: string;
  readonly seed?: string;
  readonly mutant?: string;
  readonly out?: string;
  readonly report?: string;
}

/** Runs `quorate replay`; returns the exit code. */
export function replayCommand(file: string | undefined, raw: RawReplayOptions, registry: readonly SubsystemDescriptor[], io: CommandIo): number {
  let r: ReplayResult;
  let writeError: string | undefined;
  if (file !== undefined) {
    if (raw.subsystem !== undefined || raw.seed !== undefined || raw.mutant !== undefined) {
      throw new UsageError('pass either a TRACE file or --subsystem/--seed/--mutant, not both');
    }
    const recorded = readTraceFile(file);
    const name = recorded.header.subsystem as string;
    const d = registry.find((x) => x.name === name);
    if (d === undefined) throw new InputError({ file, line: 1 }, `unknown subsystem "${name}" in the trace header (known: ${registry.map((x) => x.name).join(', ')})`, 'unknown-subsystem');
    const m = recorded.header.mutant;
    if (typeof m === 'string' && !d.mutants.some((x) => x.name === m)) throw new InputError({ file, line: 1 }, `unknown mutant "${m}" of ${name} in the trace header`, 'unknown-mutant');
    replayableInputs(d, recorded, file);
    r = replayTrace(d, recorded);
    const h = recorded.header;
    io.stdout.write(`replayed ${file}: ${describe(r)}\n`);
    io.stdout.write(r.firstDifference === 0
      ? 'trace reproduced exactly (byte-identical)\n'
      : `trace DIFFERS from the file from line ${r.firstDifference} (recorded with quorate ${h.quorate}, fast-check ${h.fastCheck ?? '?'})\n`);
  } else {
    if (raw.subsystem === undefined || raw.seed === undefined) throw new UsageError('replay needs a TRACE file, or --subsystem NAME --seed S [--mutant M]');
    const d = pickTargets([pickSubsystem(registry, raw.subsystem)], raw.subsystem, raw.mutant)[0] as SubsystemDescriptor;
    const seed = seedValue(raw.seed);
    if (raw.out !== undefined) checkOutDir(raw.out);
    r = replaySeed(d, seed, raw.mutant);
    io.stdout.write(`replayed ${d.name}${raw.mutant === undefined ? '' : ` (mutant ${raw.mutant})`} seed ${seed}: ${describe(r)}\n`);
    if (raw.out !== undefined) {
      const path = join(raw.out, traceFileName(d.name, raw.mutant, seed, false));
      try {
        ensureDir(raw.out);
        writeFileSync(path, r.trace);
        io.stdout.write(`trace: ${path}\n`);
      } catch (e) {
        writeError = `cannot write the trace to ${path}: ${(e as Error).message}`;
      }
    }
  }
  for (const f of r.outcome.failures) io.stdout.write(`  ${f.property}: ${f.detail.split('\n').join('\n  ')}\n`);
  if (raw.report !== undefined) {
    const { bytes, analysis } = writeReplayReport(raw.report, r.trace, file ?? `${r.outcome.subsystem} seed ${r.outcome.seed}`, replayLine(r.outcome, file), {
      verdict: r.outcome.verdict, ...(r.outcome.unknownReason === undefined ? {} : { reason: r.outcome.unknownReason }),
    });
    io.stdout.write(`${plainWords(analysis)}report: ${raw.report} (${bytes} bytes)\n`);
  }
  // The verdict is printed first: a failed write does not hide it.
  if (writeError !== undefined) {
    io.stderr.write(`quorate: ${writeError}\n`);
    return EXIT.usage;
  }
  return r.outcome.verdict === 'fail' ? EXIT.violation : r.outcome.verdict === 'unknown' ? EXIT.unknown : EXIT.pass;
}

function describe(r: ReplayResult): string {
  const o = r.outcome;
  const what = o.verdict === 'fail' ? `FAILS ${o.failures.map((f) => f.property).join(', ')}` : o.verdict === 'unknown' ? `UNKNOWN (${o.unknownReason ?? ''})` : 'passes';
  return `${what} (${o.ops} ops, ${o.steps} steps, ${fmtTime(o.timeUs)} virtual time)`;
}

/** Registers `quorate replay` on `program`. */
export function registerReplay(program: Command, registry: readonly SubsystemDescriptor[]): void {
  program
    .command('replay')
    .description('re-run a failing case from its trace file (or a seed) and compare traces')
    .argument('[trace]', 'a trace file written by quorate run')
    .option('--subsystem <name>', 'replay a seed of this subsystem (or module file) instead of a file')
    .option('--seed <s>', 'the seed to replay')
    .option('--mutant <m>', 'the mutant to replay the seed with')
    .option('--out <dir>', 'write the replayed trace (seed mode) here')
    .option('--report <file>', 'also write a self-contained HTML report of the replayed run')
    .action(async (file: string | undefined, raw: RawReplayOptions) => {
      // A trace of a user's module loads that module again; --subsystem PATH loads the one named.
      const chosen = await chooseReplaySubsystem(file, raw.subsystem, registry);
      for (const n of chosen.notes) process.stdout.write(`${n}\n`);
      const withName = chosen.subsystem === undefined ? raw : { ...raw, subsystem: chosen.subsystem };
      process.exitCode = replayCommand(file, withName, chosen.registry, { stdout: process.stdout, stderr: process.stderr });
    });
}
