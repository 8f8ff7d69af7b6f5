/**
 * `quorate test --bin CMD --workload NAME`: checks a third-party node
 * implementation that speaks Maelstrom's protocol (JSON lines on stdin and
 * stdout) by running it as real processes under quorate's network model,
 * workload and nemesis, without a JVM (harness/drivers/driver.ts). Accepts
 * Maelstrom's own option names where they mean the same thing. Exit codes
 * as everywhere: 0 pass, 1 violation or crash, 2 bad input or a node that
 * does not speak the protocol, 3 inconclusive (interrupted, or unknown).
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../traces/errors.js';
import { formatDiagnostic } from '../drivers/diagnostics.js';
import { DEFAULT_LIMITS, type TestOptions, runTest } from '../drivers/driver.js';
import { formatTestResult } from '../drivers/format-result.js';
import { killAllNodesSync } from '../drivers/node-process.js';
import { NEMESIS_NAMES, type NemesisName, isNemesisName } from '../drivers/process-nemesis.js';
import { splitCommand } from '../drivers/split-command.js';
import { TOPOLOGIES, isTopology } from '../drivers/workloads/broadcast-topology.js';
import { WORKLOADS } from '../drivers/workloads/index.js';
import { formatWitness } from './format-witness.js';
import { parsePositive } from './options.js';
import { replayPlan } from './test-replay.js';

/** Maelstrom workloads quorate does not run yet. */
const LATER = ['txn-list-append', 'txn-rw-register', 'lin-kv-reconfig', 'lock'];

/** Raw options of `quorate test`, as commander hands them over. */
export interface RawTestOptions {
  bin?: string;
  workload?: string;
  nodes?: string;
  nodeCount?: string;
  concurrency?: string;
  timeLimit: string;
  rate: string;
  seed: string;
  latency: string;
  latencyDist: string;
  nemesis?: string;
  nemesisInterval: string;
  recovery?: string;
  topology: string;
  initTimeout: string;
  out?: string;
  json?: boolean;
  /** A journal.jsonl to drive again (test-replay.ts). */
  replay?: string;
  /** all|none: whether the journal keeps message bodies. */
  journalBodies?: string;
}

/** Turns raw options into the driver's options, or throws a UsageError naming the option. */
export function parseTestOptions(raw: RawTestOptions, cwd: string): TestOptions {
  if (raw.bin === undefined) throw new UsageError('test: --bin CMD is required (the command that runs one node)');
  if (raw.workload === undefined) throw new UsageError(`test: --workload NAME is required (${Object.keys(WORKLOADS).join('|')})`);
  const make = WORKLOADS[raw.workload];
  if (make === undefined) {
    const later = LATER.includes(raw.workload) ? ` (Maelstrom's ${raw.workload} is not supported yet)` : '';
    throw new UsageError(`--workload must be ${Object.keys(WORKLOADS).join('|')}, got "${raw.workload}"${later}`);
  }
  const nodeCount = parsePositive(raw.nodeCount !== undefined ? '--node-count' : '--nodes', raw.nodeCount ?? raw.nodes ?? '5');
  const conc = raw.concurrency ?? `${nodeCount}`;
  // Jepsen's "2n" means twice the node count.
  const concurrency = conc.endsWith('n') ? parsePositive('--concurrency', conc.slice(0, -1) || '1') * nodeCount : parsePositive('--concurrency', conc);
  const nemesis: NemesisName[] = [];
  for (const part of (raw.nemesis ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '' && s !== 'none')) {
    if (!isNemesisName(part)) throw new UsageError(`--nemesis: unknown fault "${part}"; expected a comma-separated list of ${NEMESIS_NAMES.join('|')}`);
    nemesis.push(part);
  }
  if (raw.latencyDist !== 'constant' && raw.latencyDist !== 'exponential') {
    throw new UsageError(`--latency-dist must be constant|exponential, got "${raw.latencyDist}"${raw.latencyDist === 'uniform' ? " (Maelstrom's uniform is not supported yet)" : ''}`);
  }
  if (!isTopology(raw.topology)) throw new UsageError(`--topology must be ${TOPOLOGIES.join('|')}, got "${raw.topology}"`);
  const seed = Number(raw.seed);
  if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed must be an integer, got "${raw.seed}"`);
  const argv = splitCommand(raw.bin);
  return {
    argv,
    cwd,
    workload: make(),
    nodeCount,
    concurrency,
    rate: parsePositive('--rate', raw.rate, { float: true, allowZero: true }),
    timeLimitMs: parsePositive('--time-limit', raw.timeLimit, { float: true }) * 1000,
    seed,
    latency: { meanMs: parsePositive('--latency', raw.latency, { float: true, allowZero: true }), dist: raw.latencyDist },
    nemesis,
    nemesisIntervalMs: parsePositive('--nemesis-interval', raw.nemesisInterval, { float: true }) * 1000,
    recoveryMs: parsePositive('--recovery', raw.recovery ?? (nemesis.length > 0 ? '10' : '1'), { float: true, allowZero: true }) * 1000,
    topology: raw.topology,
    outDir: resolve(cwd, raw.out ?? `.quorate/test/${raw.workload}`),
    initTimeoutMs: parsePositive('--init-timeout', raw.initTimeout, { float: true }) * 1000,
    termGraceMs: 1000,
    checkTimeoutMs: 60_000,
    limits: DEFAULT_LIMITS,
  };
}

/** Runs `quorate test`; returns the exit code. */
export async function testCommand(given: RawTestOptions, io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }): Promise<number> {
  if (given.replay !== undefined && given.bin === undefined) throw new UsageError('test: --replay JOURNAL needs --bin CMD (the nodes to drive again)');
  const replay = given.replay === undefined ? undefined : replayPlan(given.replay, given);
  const raw = replay?.raw ?? given;
  if (raw.journalBodies !== undefined && raw.journalBodies !== 'all' && raw.journalBodies !== 'none') throw new UsageError(`--journal-bodies must be all|none, got "${raw.journalBodies}"`);
  const opts = {
    ...parseTestOptions(raw, process.cwd()),
    ...(replay === undefined ? {} : { schedule: replay.schedule, headerNote: { replayOf: given.replay as string } }),
    journalBodies: raw.journalBodies !== 'none',
  };
  if (replay !== undefined && !raw.json) io.stdout.write(`${replay.notice}\n`);
  const stop = new AbortController();
  const onInt = () => {
    if (stop.signal.aborted) {
      killAllNodesSync();
      process.exit(130);
    }
    io.stderr.write('quorate: interrupted; stopping the nodes and writing what ran so far (^C again to kill at once)\n');
    stop.abort();
  };
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onInt);
  process.on('exit', killAllNodesSync);
  const w = opts.workload.name;
  try {
    const r = await runTest({
      ...opts,
      signal: stop.signal,
      onStarted: () => {
        if (raw.json) return;
        io.stdout.write(`quorate test: ${w} on ${opts.nodeCount} nodes of ${JSON.stringify(raw.bin)}, seed ${opts.seed}, ${opts.timeLimitMs / 1000} s at ${opts.rate}/s, concurrency ${opts.concurrency}, nemesis ${opts.nemesis.join(',') || 'none'}\n`);
      },
      onDiagnostic: (d) => {
        if (d.node !== '--bin') io.stderr.write(`quorate: ${formatDiagnostic(d)}\n`);
      },
    });
    const binDiag = r.diagnostics.find((d) => d.node === '--bin');
    if (binDiag !== undefined) throw new UsageError(`--bin: ${binDiag.message.replace(/^cannot start /, 'cannot start ')}`);
    if (raw.json) {
      io.stdout.write(`${JSON.stringify({ workload: w, ...(replay === undefined ? {} : { replayOf: given.replay, bestEffort: true }), verdict: r.verdict, exit: r.exit, reason: r.reason, seed: opts.seed, stats: r.stats, check: r.check ?? null, diagnostics: r.diagnostics, files: r.files, ms: r.ms })}\n`);
    } else {
      io.stdout.write(formatTestResult(r, formatWitness));
    }
    return r.exit;
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onInt);
  }
}

/** Registers `quorate test` on `program`. */
export function registerTest(program: Command): void {
  program
    .command('test')
    .description('check your own nodes that speak Maelstrom\'s protocol: real processes, quorate\'s network, workload and nemesis')
    .option('--bin <cmd>', 'command that runs one node, split like a shell would (no shell is run)')
    .option('-w, --workload <name>', `workload: ${Object.keys(WORKLOADS).join('|')}`)
    .option('--nodes <n>', 'number of nodes n0..n(N-1) (default 5)')
    .option('--node-count <n>', "Maelstrom's name for --nodes")
    .option('--concurrency <n>', 'client slots; "2n" = twice the nodes (default: the node count)')
    .option('--time-limit <s>', 'seconds of workload before the final phase', '10')
    .option('--rate <r>', 'operations per second over all clients', '5')
    .option('--seed <s>', 'seed of the workload, the fault schedule and the network draws', '1')
    .option('--latency <ms>', 'mean one-way latency between nodes, ms', '0')
    .option('--latency-dist <d>', 'constant|exponential', 'constant')
    .option('--nemesis <list>', `faults, comma-separated: ${NEMESIS_NAMES.join('|')}`)
    .option('--nemesis-interval <s>', 'seconds a fault holds, and between faults, on average', '10')
    .option('--recovery <s>', 'seconds between healing and the final reads (default 10 with faults, else 1)')
    .option('--topology <name>', `broadcast topology: ${TOPOLOGIES.join('|')}`, 'grid')
    .option('--init-timeout <s>', 'seconds a node has to answer init', '10')
    .option('--out <dir>', 'where history.jsonl, journal.jsonl and the nodes\' stderr go (default .quorate/test/WORKLOAD)')
    .option('--json', 'one JSON object with the verdict, figures and witness')
    .option('--replay <journal>', 'drive the workload and fault schedule a journal.jsonl recorded again, with --bin (best effort)')
    .option('--journal-bodies <all|none>', 'none keeps only type, msg_id and in_reply_to of each message in the journal (a far smaller file)', 'all')
    .action(async (raw: RawTestOptions) => {
      process.exitCode = await testCommand(raw, { stdout: process.stdout, stderr: process.stderr });
    });
}
