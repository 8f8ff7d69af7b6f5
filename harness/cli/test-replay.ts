/**
 * `quorate test --replay JOURNAL --bin CMD`: drives the workload and fault
 * schedule a journal recorded again, against the nodes `--bin` runs now. The
 * journal's header holds the seed (which draws the same operations, client
 * choices and network draws) and the options, with the fault schedule as it
 * was applied. Best effort: real processes are not deterministic, so timing
 * and interleaving differ, and the verdict is of the new run.
 */
import { InputError, UsageError } from '../../traces/errors.js';
import { readUserFile } from '../run/trace-file.js';
import type { ProcessFault } from '../drivers/process-nemesis.js';
import type { RawTestOptions } from './test-command.js';

/** Options the journal decides; giving one beside --replay is a usage error. */
const RECORDED: readonly (keyof RawTestOptions)[] = ['workload', 'nodes', 'nodeCount', 'concurrency', 'nemesis', 'recovery'];

/** What a replay runs from. */
export interface ReplayPlan {
  readonly raw: RawTestOptions;
  readonly schedule: readonly ProcessFault[];
  /** The one-line notice printed before the run. */
  readonly notice: string;
}

/** The options of a replay of `journal`, with the user's --bin, --out, --json and --init-timeout. */
export function replayPlan(journal: string, raw: RawTestOptions): ReplayPlan {
  const given = RECORDED.filter((k) => raw[k] !== undefined);
  if (given.length > 0) {
    throw new UsageError(`--replay takes the workload, nodes, concurrency, rate, time limit, latency, nemesis and seed from the journal; do not pass --${given.map((k) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)).join(', --')}`);
  }
  const text = readUserFile(journal);
  const first = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'));
  const bad = (what: string): never => {
    throw new InputError({ file: journal, line: 1 }, `${what} (expected the journal.jsonl that \`quorate test\` wrote)`, 'not-a-journal');
  };
  let h: { format?: unknown; subsystem?: unknown; seed?: unknown; options?: Record<string, unknown> };
  try {
    h = JSON.parse(first) as typeof h;
  } catch {
    return bad('the first line is not JSON');
  }
  if (h.format !== 'quorate-trace' || typeof h.subsystem !== 'string' || !h.subsystem.startsWith('maelstrom:') || typeof h.options !== 'object' || h.options === null) {
    return bad('not a quorate test journal header');
  }
  const o = h.options;
  const num = (k: string): number => (typeof o[k] === 'number' ? (o[k] as number) : bad(`"options.${k}" must be a number`));
  const nodes = Array.isArray(o['nodes']) ? o['nodes'].length : bad('"options.nodes" must be the node ids');
  const latency = o['latency'] as { meanMs?: unknown; dist?: unknown } | undefined;
  if (typeof latency?.meanMs !== 'number' || typeof latency.dist !== 'string') bad('"options.latency" must be { meanMs, dist }');
  const schedule = o['faultSchedule'];
  if (!Array.isArray(schedule) || !schedule.every((f) => typeof f === 'object' && f !== null && typeof (f as ProcessFault).at === 'number' && typeof (f as ProcessFault).kind === 'string')) {
    bad('"options.faultSchedule" must be the list of faults applied');
  }
  const nemesis = Array.isArray(o['nemesis']) ? (o['nemesis'] as string[]).join(',') : '';
  const replayed: RawTestOptions = {
    ...raw,
    workload: h.subsystem.slice('maelstrom:'.length),
    nodes: String(nodes),
    concurrency: String(num('concurrency')),
    rate: String(num('rate')),
    timeLimit: String(num('timeLimitMs') / 1000),
    seed: String(typeof h.seed === 'number' ? h.seed : bad('"seed" must be a number')),
    latency: String(latency?.meanMs),
    latencyDist: String(latency?.dist),
    nemesis,
    nemesisInterval: String(num('nemesisIntervalMs') / 1000),
    ...(typeof o['recoveryMs'] === 'number' ? { recovery: String(o['recoveryMs'] / 1000) } : {}),
    topology: typeof o['topology'] === 'string' ? o['topology'] : 'grid',
  };
  const recordedBin = typeof o['bin'] === 'string' ? o['bin'] : '?';
  const binNote = raw.bin === recordedBin ? '' : ` (recorded with --bin ${JSON.stringify(recordedBin)})`;
  const notice = `replaying ${journal}: seed ${String(h.seed)}, the recorded workload and ${(schedule as unknown[]).length} scheduled faults${binNote} — best effort: real processes, so timing and interleaving differ; the verdict is this run's`;
  return { raw: replayed, schedule: schedule as ProcessFault[], notice };
}
