/**
 * The process driver's routing (`quorate test`): 5 child processes of the
 * examples' broadcast nodes, topology total, no faults, driven for a few
 * seconds by `runTest` in this process. Reported: inter-node messages per
 * second routed through the network model (target ≥ 10,000/s), the driver's
 * own CPU per message (all messages it handled, client ones too), and the
 * latency it adds per hop (journal send → deliver, with 0 ms configured
 * latency: reading a node's line, the network model, writing the other
 * node's stdin). The anchor is the relay floor (bench/relay-floor.ts) on the
 * same nodes at the same rate, measured right after: the ratio is the
 * driver's CPU per 10,000 inter-node messages over the floor's. Also: the
 * journal's size with and without message bodies.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_LIMITS, runTest } from '../../harness/drivers/driver.js';
import { WORKLOADS } from '../../harness/drivers/workloads/index.js';
import { repoRoot } from '../../traces/corpus-dir.js';
import type { BenchGroup, GroupMeasurement } from '../bench-group.js';
import { relayFloor } from '../relay-floor.js';

const SECONDS = 5;
const NODES = ['n0', 'n1', 'n2', 'n3', 'n4'];

/** One driver run's figures. */
interface DriverRun {
  readonly interNode: number;
  readonly perSecond: number;
  readonly cpuMs: number;
  readonly allMessages: number;
  readonly hopUs: { readonly p50: number; readonly p99: number };
  readonly journalBytes: number;
  readonly verdict: string;
}

const quantile = (xs: number[], q: number): number => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0;

async function driverRun(argv: string[], rate: number, journalBodies: boolean): Promise<DriverRun> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'quorate-bench-routing-'));
  try {
    const cpu0 = process.cpuUsage();
    const r = await runTest({
      argv, cwd: repoRoot(), workload: (WORKLOADS['broadcast'] as () => never)(), nodeCount: NODES.length, concurrency: 20, rate, timeLimitMs: SECONDS * 1000, seed: 1,
      latency: { meanMs: 0, dist: 'constant' }, nemesis: [], nemesisIntervalMs: 10_000, recoveryMs: 1000, topology: 'total', outDir,
      initTimeoutMs: 10_000, termGraceMs: 1000, checkTimeoutMs: 60_000, limits: DEFAULT_LIMITS, journalBodies,
    });
    const cpu = process.cpuUsage(cpu0);
    // Inter-node hops from the journal: send and deliver times of messages between two nodes.
    const sent = new Map<number, number>();
    const hops: number[] = [];
    let first = Infinity;
    let last = 0;
    for (const line of readFileSync(r.files.journal, 'utf8').split('\n').slice(1)) {
      if (line === '') continue;
      const e = JSON.parse(line) as { type: string; id?: number; time?: number; from?: string; to?: string };
      if (!(e.from?.startsWith('n') === true && e.to?.startsWith('n') === true) || e.id === undefined || e.time === undefined) continue;
      if (e.type === 'send') {
        sent.set(e.id, e.time);
        first = Math.min(first, e.time);
        last = Math.max(last, e.time);
      } else if (e.type === 'deliver' && sent.has(e.id)) {
        hops.push(e.time - (sent.get(e.id) as number));
      }
    }
    hops.sort((a, b) => a - b);
    const interNode = r.stats.messages.servers;
    return {
      interNode, perSecond: (interNode / Math.max(1, last - first)) * 1e6, cpuMs: (cpu.user + cpu.system) / 1000, allMessages: r.stats.messages.all,
      hopUs: { p50: quantile(hops, 0.5), p99: quantile(hops, 0.99) }, journalBytes: statSync(r.files.journal).size, verdict: `${r.verdict}: ${r.reason}`,
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en');

/** The `driver-routing` bench group. */
export const driverRoutingGroup: BenchGroup = {
  name: 'driver-routing',
  description: `quorate test: 5 broadcast node processes, ${SECONDS} s, topology total; inter-node msgs/s (target ≥ 10,000), driver CPU per message, per-hop latency; anchor = a bare pipe relay of the same nodes at the same rate`,
  anchorKind: 'reference',
  async run(): Promise<GroupMeasurement> {
    const node = (file: string, ...args: string[]) => [process.execPath, path.join(repoRoot(), 'examples/js', file), ...args];
    const gossip = node('broadcast-gossip.mjs', '2');
    const forward = node('broadcast-lossy.mjs');
    const light = await driverRun(node('broadcast-gossip.mjs'), 100, true);
    const g = await driverRun(gossip, 500, true);
    const gFloor = await relayFloor(gossip, NODES, SECONDS * 1000, 500);
    const f = await driverRun(forward, 2000, true);
    const fFloor = await relayFloor(forward, NODES, SECONDS * 1000, 2000);
    const slim = await driverRun(forward, 2000, false);
    const per10k = (cpuMs: number, msgs: number): number => (cpuMs / Math.max(1, msgs)) * 10_000;
    const row = (name: string, r: DriverRun, floor: { interNode: number; cpuMs: number; wallMs: number }): string =>
      `${name}: ${fmt(r.perSecond)} inter-node msgs/s routed (${fmt(r.interNode)} in ${SECONDS} s; target ≥ 10,000: ${r.perSecond >= 10_000 ? 'met' : 'MISSED'}); ` +
      `driver CPU ${(r.cpuMs * 1000 / Math.max(1, r.allMessages)).toFixed(1)} µs per message handled (${fmt(r.allMessages)} with client ones), ${(per10k(r.cpuMs, r.interNode)).toFixed(0)} ms per 10,000 inter-node; ` +
      `added latency per hop p50 ${fmt(r.hopUs.p50)} µs, p99 ${fmt(r.hopUs.p99)} µs; floor relay ${fmt((floor.interNode / floor.wallMs) * 1000)} msgs/s at ${(per10k(floor.cpuMs, floor.interNode)).toFixed(0)} ms CPU per 10,000; ${r.verdict}`;
    return {
      ops: g.interNode,
      checkMs: per10k(g.cpuMs, g.interNode),
      anchorMs: per10k(gFloor.cpuMs, gFloor.interNode),
      notes: [
        row('gossip every 2 ms (broadcast-gossip.mjs 2, correct under faults; the row\'s figures)', g, gFloor),
        row('forward once (broadcast-lossy.mjs, correct without faults)', f, fFloor),
        `light load (broadcast-gossip.mjs every 100 ms, 100 requests/s): ${fmt(light.perSecond)} inter-node msgs/s; latency the driver adds per hop p50 ${fmt(light.hopUs.p50)} µs, p99 ${fmt(light.hopUs.p99)} µs; driver CPU ${(light.cpuMs * 1000 / Math.max(1, light.allMessages)).toFixed(1)} µs per message`,
        `journal of the forwarding run: ${(f.journalBytes / 2 ** 20).toFixed(1)} MB with message bodies, ${(slim.journalBytes / 2 ** 20).toFixed(1)} MB with --journal-bodies none (${fmt(slim.interNode)} inter-node msgs)`,
      ],
    };
  },
};
