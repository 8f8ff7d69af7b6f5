/**
 * The contract between a benchmark group and the bench runner: a group is one
 * measured scenario (a corpus, a generated history, a comparison), run alone
 * in a child process so its peak memory is its own. Adding a group means
 * adding one file under `groups/` and one line in `groups/index.ts`.
 */

/** What an anchor number is: another tool's measurement, a target we set, or a baseline measured in the same run. */
export type AnchorKind = 'porcupine' | 'target' | 'reference';

/** How many verdicts matched the expected ones, and which did not. */
export interface VerdictTally {
  readonly matched: number;
  readonly total: number;
  /** One line per mismatch, e.g. `jepsen/etcd_003.log: expected violation, got ok`. */
  readonly mismatches: readonly string[];
}

/** What a group measured (the child adds its peak RSS). */
export interface GroupMeasurement {
  /** Set instead of the numbers when the group cannot run here (e.g. no corpus folder). */
  readonly skipped?: string | undefined;
  /** Inputs checked (files or histories). */
  readonly files?: number | undefined;
  /** Operations checked, all inputs together. */
  readonly ops?: number | undefined;
  /** Time to generate the inputs, when they are generated (not part of `checkMs`). */
  readonly genMs?: number | undefined;
  /** Time spent checking only (verdict, no witness minimization): inputs are read or generated before the clock starts. */
  readonly checkMs?: number | undefined;
  /** Time of the same checks with witness minimization on (a second, warm pass), when measured. */
  readonly witnessMs?: number | undefined;
  /** The checker's own peak memo size, the largest over the inputs. */
  readonly memoPeakBytes?: number | undefined;
  /** The anchor's figure measured in this run (Porcupine beside quorate, or a baseline), overriding the group's. */
  readonly anchorMs?: number | undefined;
  /** Peak RSS of the anchor's process, when the anchor is a process of its own. */
  readonly anchorPeakRssBytes?: number | undefined;
  /**
   * Peak RSS of the measured quorate process, for groups that time whole `quorate` processes: the
   * table shows it instead of the group child's own.
   */
  readonly processPeakRssBytes?: number | undefined;
  readonly verdicts?: VerdictTally | undefined;
  /** Extra facts worth a line under the table. */
  readonly notes?: readonly string[] | undefined;
}

/** One group's full result, as the child prints it (one JSON line). */
export interface GroupResult extends GroupMeasurement {
  readonly group: string;
  readonly anchorKind?: AnchorKind | undefined;
  /** Peak memory we aim to stay under, in MB (reported, never asserted). */
  readonly targetPeakMB?: number | undefined;
  /** The ratio quorate / anchor we aim to stay under (default 1 for Porcupine anchors and targets; none for references). */
  readonly targetRatio?: number | undefined;
  /** `process.resourceUsage().maxRSS` of the child, in bytes. */
  readonly peakRssBytes?: number | undefined;
  /** Set when the child failed (crash, out of memory, exception). */
  readonly error?: string | undefined;
}

/** A benchmark group. */
export interface BenchGroup {
  /** Name used by `--only` and on the child's command line. */
  readonly name: string;
  /** One sentence: what is measured against what. */
  readonly description: string;
  /** The number the ratio column divides by (ms). */
  readonly anchorMs?: number | undefined;
  readonly anchorKind?: AnchorKind | undefined;
  readonly targetPeakMB?: number | undefined;
  readonly targetRatio?: number | undefined;
  /** Whether the group runs the Porcupine anchor (the runner builds it first, once). */
  readonly usesAnchor?: boolean | undefined;
  run(): Promise<GroupMeasurement>;
}
