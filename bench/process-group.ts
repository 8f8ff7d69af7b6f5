/**
 * A benchmark group over whole processes: what a user waits for from
 * `quorate check` (module loading, reading, validation, search, witness,
 * printing), timed from spawn to exit beside an anchor process in the same
 * run — Porcupine's driver on the same files, or a baseline such as
 * `node -e 0` or a plain Node script that only reads and parses the input.
 * Rounds alternate the two sides (A B, B A, …) and each figure is the median
 * of its rounds; peak RSS is measured per process (process-timing.ts). The
 * machine's `node -e 0` time is noted beside every row.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AnchorKind, BenchGroup, GroupMeasurement } from './bench-group.js';
import { benchRounds, interleave, maxRss, median, timeProcess, type Command, type ProcessRun } from './process-timing.js';

/** The two commands of a process group, and what quorate's exit code must be. */
export interface ProcessPair {
  readonly quorate: Command;
  readonly anchor: Command;
  /** quorate's expected exit code (0 linearizable, 1 a violation found). */
  readonly expectedStatus: number;
  readonly files: number;
  readonly ops?: number;
  /** Time spent preparing inputs (e.g. generating a history file), not measured against anything. */
  readonly genMs?: number;
  readonly notes?: readonly string[];
}

/** What a process group measures. */
export interface ProcessGroupOptions {
  readonly name: string;
  readonly description: string;
  readonly anchorKind: AnchorKind;
  readonly targetRatio: number;
  readonly targetPeakMB?: number;
  readonly usesAnchor?: boolean;
  /** Rounds, when the group's processes are long (default `benchRounds(SHORT_PROCESS_ROUNDS)`). */
  readonly rounds?: number;
  /** Writes inputs into `dir` and returns the commands, or why the group cannot run here. */
  prepare(dir: string): Promise<ProcessPair | { readonly skipped: string }>;
}

/**
 * Rounds of a group whose processes take well under a second on each side. A median of 5 is not
 * steady there: in one run of c50-bad-process (41 alternated rounds) Porcupine's process took
 * anywhere from 24 to 159 ms, and quorate's from 115 to 189 ms, so one median of 5 could land on
 * either side of the target. Fifteen rounds of these groups cost a few seconds.
 */
export const SHORT_PROCESS_ROUNDS = 15;

/** `node dist/harness/cli/main.js ARGS`, the installed `quorate` binary without npx's own start-up. */
export function quorateCommand(cli: string, args: readonly string[]): Command {
  return { cmd: process.execPath, args: [cli, ...args] };
}

const ms = (runs: readonly ProcessRun[]): string => runs.map((r) => r.ms.toFixed(0)).join(', ');

/** A group timing `quorate` whole processes against an anchor process. */
export function processGroup(o: ProcessGroupOptions): BenchGroup {
  return {
    name: o.name,
    description: o.description,
    anchorKind: o.anchorKind,
    targetRatio: o.targetRatio,
    targetPeakMB: o.targetPeakMB,
    usesAnchor: o.usesAnchor,
    async run(): Promise<GroupMeasurement> {
      const dir = mkdtempSync(path.join(tmpdir(), `quorate-bench-${o.name}-`));
      try {
        const pair = await o.prepare(dir);
        if ('skipped' in pair) return { skipped: pair.skipped };
        const rounds = o.rounds ?? benchRounds(SHORT_PROCESS_ROUNDS);
        const runs = interleave(rounds, () => timeProcess(pair.quorate), () => timeProcess(pair.anchor));
        const nodeFloor = Array.from({ length: rounds }, () => timeProcess({ cmd: process.execPath, args: ['-e', '0'] }));
        const good = runs.a.filter((r) => r.status === pair.expectedStatus).length;
        const wrong = runs.a.find((r) => r.status !== pair.expectedStatus);
        const anchorBad = runs.b.find((r) => r.status === null);
        const notes = [
          `medians of ${rounds} alternated rounds; quorate ${ms(runs.a)} ms; anchor ${ms(runs.b)} ms; node -e 0: ${median(nodeFloor.map((r) => r.ms)).toFixed(0)} ms (median)`,
          ...(pair.notes ?? []),
        ];
        const anchorRss = maxRss(runs.b);
        if (anchorRss !== undefined) notes.push(`anchor peak RSS ${(anchorRss / 2 ** 20).toFixed(0)} MB`);
        if (maxRss(runs.a) === undefined) notes.push('peak RSS not measured: no /usr/bin/time (apt-get install -y time)');
        const base = {
          files: pair.files, ops: pair.ops, genMs: pair.genMs,
          checkMs: median(runs.a.map((r) => r.ms)), anchorMs: median(runs.b.map((r) => r.ms)),
          processPeakRssBytes: maxRss(runs.a), anchorPeakRssBytes: anchorRss,
          verdicts: {
            matched: good, total: rounds,
            mismatches: wrong === undefined ? [] : [`quorate exited ${wrong.status}, expected ${pair.expectedStatus}: ${wrong.stderr.trim().split('\n').slice(-1)[0] ?? ''}`],
          },
          notes,
        };
        if (anchorBad !== undefined) throw new Error(`anchor process was killed: ${anchorBad.stderr.trim().slice(-200)}`);
        return base;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
