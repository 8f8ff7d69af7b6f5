/**
 * The Maelstrom-compatible process driver behind `quorate test`: runs a
 * third-party node binary as N processes, initializes them, routes their
 * messages through quorate's network model, drives a seeded workload and a
 * seeded fault schedule on the wall clock, heals, performs the workload's
 * final operations, shuts every process down, and checks the history.
 *
 * Processes are real, so time is real: what is seeded and recorded is the
 * inputs — the workload stream, the fault schedule, the network's draws —
 * not the interleaving the operating system picks. The journal's header
 * holds the options and the schedule; the history is trace format v1.
 */
import { setMaxListeners } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { OpEvent, TraceEvent } from '../../traces/schema/trace-v1.js';
import { ednHistory } from '../../traces/export/edn-history.js';
import { createRng } from '../sim/rng.js';
import { ClientPool, sleep } from './client-pool.js';
import { createServices } from './services/index.js';
import { Cluster, type ClusterLimits } from './cluster.js';
import type { Diagnostic } from './diagnostics.js';
import { JsonlWriter } from './jsonl-writer.js';
import { serverIds } from './maelstrom-protocol.js';
import { type NemesisName, type ProcessFault, applyFault, planFaults } from './process-nemesis.js';
import { type TestStats, testStats } from './test-stats.js';
import type { Workload, WorkloadVerdict } from './workload.js';

/** Everything a process test is run from. */
export interface TestOptions {
  /** The node program and its arguments (already split). */
  readonly argv: readonly string[];
  /** Working directory of every node process (it survives a kill). */
  readonly cwd: string;
  readonly workload: Workload;
  readonly nodeCount: number;
  readonly concurrency: number;
  /** Operations per second over all clients. */
  readonly rate: number;
  readonly timeLimitMs: number;
  readonly seed: number;
  /** Mean one-way latency between nodes, ms, and its distribution. */
  readonly latency: { readonly meanMs: number; readonly dist: 'constant' | 'exponential' };
  readonly nemesis: readonly NemesisName[];
  readonly nemesisIntervalMs: number;
  /** Pause between healing everything and the final operations, ms. */
  readonly recoveryMs: number;
  readonly topology: string;
  /** Where history.jsonl, journal.jsonl, the nodes' stderr logs go. */
  readonly outDir: string;
  readonly initTimeoutMs: number;
  readonly termGraceMs: number;
  /** Overrides the workload's request timeout, ms. */
  readonly requestTimeoutMs?: number;
  /** Wall-clock budget of the check, ms. */
  readonly checkTimeoutMs: number;
  readonly limits: ClusterLimits;
  /** Ends the test early (SIGINT): nodes are stopped, results so far are written and checked. */
  readonly signal?: AbortSignal;
  /** Called once every node has answered init (the CLI prints its banner then, so bad input stays one line). */
  readonly onStarted?: () => void;
  /** Called as each diagnostic arises (the CLI prints them). */
  readonly onDiagnostic?: (d: Diagnostic) => void;
  /** The fault schedule to apply instead of drawing one from the seed (`--replay` of a recorded journal). */
  readonly schedule?: readonly ProcessFault[];
  /** Whether `send` events in the journal keep message bodies (default true); without, only type, msg_id and in_reply_to. */
  readonly journalBodies?: boolean;
  /** Extra header options (e.g. the journal a replay re-drives). */
  readonly headerNote?: Readonly<Record<string, string>>;
}

/** The verdict of a process test, in the run vocabulary. */
export type TestVerdict = 'pass' | 'fail' | 'unknown' | 'error';

/** What a process test found. */
export interface TestResult {
  readonly verdict: TestVerdict;
  /** 0 pass, 1 violation or crash, 2 a node that does not speak the protocol, 3 inconclusive. */
  readonly exit: 0 | 1 | 2 | 3;
  /** One line: why this verdict. */
  readonly reason: string;
  readonly check: WorkloadVerdict | undefined;
  readonly diagnostics: readonly Diagnostic[];
  readonly stats: TestStats;
  readonly schedule: readonly ProcessFault[];
  readonly interrupted: boolean;
  /** `edn`: the history as Jepsen's history.edn (Knossos and Elle read it), written after the run. */
  readonly files: { readonly history: string; readonly journal: string; readonly edn: string; readonly dir: string };
  readonly ms: number;
}

/** Default bounds against misbehaving nodes. */
export const DEFAULT_LIMITS: ClusterLimits = {
  maxLineBytes: 1 << 20,
  maxInFlight: 100_000,
  maxStdinBacklog: 16 << 20,
  floodPerSecond: 50_000,
  stderrTailBytes: 16 << 10,
  stderrFileBytes: 10 << 20,
};

const VERSION = (createRequire(import.meta.url)('quorate/package.json') as { version: string }).version;

/** Runs one process test. */
export async function runTest(o: TestOptions): Promise<TestResult> {
  mkdirSync(o.outDir, { recursive: true });
  const t0 = performance.now();
  const now = () => Math.round((performance.now() - t0) * 1000);
  const rng = createRng(o.seed);
  const nodes = serverIds(o.nodeCount);
  const history = new JsonlWriter(join(o.outDir, 'history.jsonl'));
  const journalFile = new JsonlWriter(join(o.outDir, 'journal.jsonl'));
  const ednFile = join(o.outDir, 'history.edn');
  const events: OpEvent[] = [];
  const diagnostics: Diagnostic[] = [];
  const halt = new AbortController();
  // Every open request and sleep listens on it: thousands at high rates, none of them a leak.
  setMaxListeners(0, halt.signal);
  const onUserAbort = () => halt.abort();
  o.signal?.addEventListener('abort', onUserAbort, { once: true });
  if (o.signal?.aborted === true) halt.abort();
  const diagnose = (d: Diagnostic) => {
    diagnostics.push(d);
    o.onDiagnostic?.(d);
    if (d.kind !== 'warning') halt.abort();
  };
  const journal = (e: TraceEvent) => journalFile.write(o.journalBodies === false && e.type === 'send' ? withoutBody(e) : e);
  const record = (e: OpEvent) => {
    events.push(e);
    history.write(e);
  };
  const schedule = o.schedule ?? planFaults({ names: o.nemesis, nodes, timeLimitMs: o.timeLimitMs, intervalMs: o.nemesisIntervalMs, rng: rng.fork('nemesis') });
  journalFile.write({
    format: 'quorate-trace', version: 1, quorate: VERSION, subsystem: `maelstrom:${o.workload.name}`, seed: o.seed,
    // No `inputs`: those are a simulated run's complete replay inputs; real processes cannot be replayed, so the schedule is an option here.
    options: { driver: 'maelstrom', bin: o.argv.join(' '), nodes, concurrency: o.concurrency, rate: o.rate, timeLimitMs: o.timeLimitMs, latency: o.latency, nemesis: [...o.nemesis], nemesisIntervalMs: o.nemesisIntervalMs, recoveryMs: o.recoveryMs, topology: o.topology, journalBodies: o.journalBodies !== false, ...o.headerNote, faultSchedule: schedule as never },
  });
  const latencyUs = o.latency.meanMs * 1000;
  const cluster = new Cluster({
    argv: o.argv, cwd: o.cwd, nodes, outDir: o.outDir,
    network: { minLatencyUs: o.latency.dist === 'constant' ? latencyUs : 0, meanExtraLatencyUs: o.latency.dist === 'exponential' ? latencyUs : 0, loss: 0, duplicate: 0 },
    networkRng: rng.fork('network'), initTimeoutMs: o.initTimeoutMs, termGraceMs: o.termGraceMs, limits: o.limits,
    setup: o.workload.setup === undefined ? undefined : (n) => o.workload.setup?.(n, nodes, { topology: o.topology }),
    setupReply: o.workload.setupReply, signal: halt.signal, now, journal, diagnose,
    services: createServices(rng.fork('services')),
  });
  const target = {
    partition: (p: Parameters<typeof cluster.network.partition>[0]) => cluster.network.partition(p),
    heal: () => cluster.network.heal(),
    setFaults: (f: Parameters<typeof cluster.network.setFaults>[0]) => void cluster.network.setFaults(f),
    kill: (n: string) => cluster.kill(n),
    restart: (n: string) => cluster.restart(n),
    pause: (n: string) => cluster.pause(n),
    resume: (n: string) => cluster.resume(n),
    now, journal,
  };
  const timers: NodeJS.Timeout[] = [];
  const faultsDone: Promise<void>[] = [];
  let finalStart = Infinity;
  try {
    if (await cluster.start()) {
      o.onStarted?.();
      // Opened after init, so clients are numbered as Maelstrom numbers them: c0..c(N-1) sent the inits.
      const pool = new ClientPool({
        workload: o.workload, cluster, nodes, rng: rng.fork('workload'), pick: rng.fork('clients'), concurrency: o.concurrency, rate: o.rate,
        timeoutMs: o.requestTimeoutMs ?? o.workload.timeoutMs(o.latency.meanMs), signal: halt.signal, now, record, diagnose,
      });
      const startMs = now() / 1000;
      for (const f of schedule) timers.push(setTimeout(() => faultsDone.push(applyFault(f, target)), startMs + f.at - now() / 1000));
      await pool.run(now() + o.timeLimitMs * 1000);
      timers.forEach(clearTimeout);
      await Promise.all(faultsDone);
      if (o.workload.final !== undefined && !halt.signal.aborted) {
        await healAll(cluster, target, schedule.length > 0);
        if (await sleep(o.recoveryMs, halt.signal)) {
          finalStart = events.length;
          await pool.runOnce(o.workload.final);
        }
      }
    }
  } finally {
    timers.forEach(clearTimeout);
    await Promise.all(faultsDone);
    await cluster.stopAll();
    o.signal?.removeEventListener('abort', onUserAbort);
    await Promise.all([history.close(), journalFile.close()]);
    writeFileSync(ednFile, ednHistory(events));
  }
  const interrupted = o.signal?.aborted === true;
  const protocol = diagnostics.find((d) => d.kind === 'protocol');
  const check = protocol === undefined ? await o.workload.check({ events, historyFile: history.path, finalStart: Math.min(finalStart, events.length), timeoutMs: o.checkTimeoutMs }) : undefined;
  // Messages to and from services count among all messages, not among the server-to-server ones (they bypass the network).
  const stats = testStats(events, { clients: cluster.clientMessages + cluster.serviceMessages, servers: cluster.network.sent });
  const okOps = Object.values(stats.counts).reduce((n, c) => n + c.ok, 0);
  const { verdict, exit, reason } = judge(protocol, diagnostics, check, interrupted, okOps);
  return { verdict, exit, reason, check, diagnostics, stats, schedule, interrupted, files: { history: history.path, journal: journalFile.path, edn: ednFile, dir: o.outDir }, ms: Math.round(performance.now() - t0) };
}

/** A send event with its message's body cut to what names it (type, msg_id, in_reply_to): `--journal-bodies none`. */
function withoutBody(e: Extract<TraceEvent, { type: 'send' }>): TraceEvent {
  const m = e.msg as { id?: number; src?: string; dest?: string; body?: Record<string, unknown> } | null;
  const b = m?.body ?? {};
  const body = Object.fromEntries(['type', 'msg_id', 'in_reply_to'].filter((k) => b[k] !== undefined).map((k) => [k, b[k]]));
  return { ...e, msg: { ...(m?.id === undefined ? {} : { id: m.id }), src: m?.src ?? e.from, dest: m?.dest ?? e.to, body } as never };
}

/** Restores a whole cluster after the fault phase: network healed, paused nodes resumed, killed nodes restarted. */
async function healAll(cluster: Cluster, t: Parameters<typeof applyFault>[1], faults: boolean): Promise<void> {
  if (!faults) return;
  await applyFault({ at: 0, kind: 'heal' }, t);
  await applyFault({ at: 0, kind: 'burst-end' }, t);
  const down = cluster.downNodes;
  for (const node of down.paused) await applyFault({ at: 0, kind: 'resume', node }, t);
  for (const node of down.killed) await applyFault({ at: 0, kind: 'restart', node }, t);
}

function judge(
  protocol: Diagnostic | undefined,
  diagnostics: readonly Diagnostic[],
  check: WorkloadVerdict | undefined,
  interrupted: boolean,
  okOps: number,
): Pick<TestResult, 'verdict' | 'exit' | 'reason'> {
  if (protocol !== undefined) return { verdict: 'error', exit: 2, reason: `${protocol.node}: ${protocol.message}` };
  const finding = diagnostics.find((d) => d.kind === 'finding');
  if (check?.valid === false) return { verdict: 'fail', exit: 1, reason: check.detail };
  if (finding !== undefined) return { verdict: 'fail', exit: 1, reason: `${finding.node} ${finding.message}` };
  if (interrupted) {
    const sofar = check?.valid === true ? `; what ran is valid so far: ${check.detail}` : '';
    return { verdict: 'unknown', exit: 3, reason: `interrupted after ${okOps} operations completed ok${sofar}` };
  }
  if (check === undefined || check.valid === 'unknown') return { verdict: 'unknown', exit: 3, reason: check?.detail ?? 'not checked' };
  // A check over nothing is not a pass (DESIGN.md: a check that did not run is not a pass).
  if (okOps === 0) return { verdict: 'unknown', exit: 3, reason: 'no operation completed ok, so the check judged nothing' };
  return { verdict: 'pass', exit: 0, reason: check.detail };
}
