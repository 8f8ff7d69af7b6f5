/**
 * Hand-built scenarios for the Raft mutants: each shows the planted bug
 * breaking a safety property (or linearizability) and the correct code
 * surviving the very same scenario. The tuning is the `raft` descriptor's
 * (leases on, heartbeats 100 ms, election timeouts 1000–1100 ms, drift bound 5 %).
 */
import { describe, expect, it } from 'vitest';
import { createWorld, type SimWorld } from '../../harness/sim/world.js';
import type { ClientOutcome, NodeId } from '../actor.js';
import { RaftServer } from './server.js';
import { RaftClient } from './client.js';
import { raftOptionsFor } from './options.js';
import { raftRole } from './abstraction.js';
import { RaftSafetyMonitor } from './safety-monitor.js';

const SERVERS = ['n1', 'n2', 'n3', 'n4', 'n5'];
const CLIENTS = ['c1', 'c2'];
const DRIFT = 0.05;
const TUNING = { maxDrift: DRIFT, leases: true, electionMinUs: 1_000_000, electionJitter: 0.1, heartbeatUs: 100_000 };
/** Long enough for the bootstrap probes and the first election (two timeouts). */
const SETTLE_US = 3_000_000;

interface Event { readonly c: NodeId; readonly f: string; readonly v: string | null; readonly t0: number; readonly t1: number; readonly o: ClientOutcome }

interface Lab {
  readonly w: SimWorld;
  /** Safety-predicate failures seen so far. */
  readonly failures: string[];
  readonly events: Event[];
  runFor(us: number): void;
  server(id: NodeId): RaftServer;
  /** Invoke a request now; its outcome lands in `events`, then `then` runs. */
  request(c: NodeId, f: string, key: string, v: string | null, then?: () => void): void;
  /** Cut `group` (servers and clients) off from every other node. */
  split(group: readonly NodeId[]): void;
}

let ids = 0;

function lab(mutant: string | undefined, seed = 1): Lab {
  const w = createWorld({
    seed, servers: SERVERS, clients: CLIENTS,
    network: { minLatencyUs: 500, meanExtraLatencyUs: 700, loss: 0, duplicate: 0 },
    clock: { maxDrift: DRIFT }, record: false,
  });
  const failures: string[] = [];
  const events: Event[] = [];
  const monitor = new RaftSafetyMonitor();
  w.onStep((view, node) => {
    if (!SERVERS.includes(node)) return;
    monitor.check(view, node, 'electionSafety');
    for (const [k, v] of Object.entries(monitor.failures())) failures.push(`${k}: ${v}`);
  });
  w.start(() => new RaftServer(raftOptionsFor(mutant, TUNING)), () => new RaftClient());
  return {
    w, failures, events,
    runFor: (us) => void w.run({ until: w.time + us, maxSteps: 2_000_000 }),
    server: (id) => w.server(id) as RaftServer,
    request(c, f, key, v, then) {
      const t0 = w.time;
      w.request(c, { id: `q${ids++}`, f, key, value: v }, (o) => {
        events.push({ c, f, v, t0, t1: w.time, o });
        then?.();
      });
    },
    split(group) {
      const all = [...SERVERS, ...CLIENTS];
      const rest = all.filter((x) => !group.includes(x));
      const blocked: [NodeId, NodeId][] = [];
      for (const a of group) for (const b of rest) blocked.push([a, b], [b, a]);
      w.partition({ shape: 'split', blocked });
    },
  };
}

/** A server lags behind committed writes, then rejoins: it must not win an election. */
function lagThenRejoin(mutant: string | undefined): Lab {
  const l = lab(mutant);
  l.runFor(SETTLE_US);
  const leader = raftRole(l.w, 'leader')!;
  const lag = SERVERS.find((s) => s !== leader)!;
  l.split([lag]);
  for (let i = 0; i < 5; i++) {
    l.request('c1', 'append', 'x', `v${i}`);
    l.runFor(100_000); // past a 40 ms client retry: one request at a time
  }
  l.runFor(2_500_000); // the lagging server times out and campaigns, raising its term
  l.w.heal();
  l.runFor(2_500_000);
  return l;
}

/** The leader's clock runs slow, the others' fast; the leader and c1 are cut off; c2 writes on the majority side while c1 keeps reading. */
function slowLeaderSplit(mutant: string | undefined, seed: number): { l: Lab; stale: Event[]; leaseReads: number } {
  const l = lab(mutant, seed);
  l.runFor(SETTLE_US);
  const leader = raftRole(l.w, 'leader')!;
  for (const s of SERVERS) l.w.setDrift(s, s === leader ? -DRIFT : DRIFT);
  l.request('c1', 'get', 'x', null);
  l.request('c2', 'put', 'x', 'old');
  l.runFor(50_000);
  const before = l.w.observations.get('lease-read') ?? 0;
  l.split([leader, 'c1']);
  const t0 = l.w.time;
  let k = 0;
  const reads = (): void => l.request('c1', 'get', 'x', null, () => l.w.at(l.w.time + 2_000, reads));
  const writes = (): void => l.request('c2', 'put', 'x', `new${k++}`, () => l.w.at(l.w.time + 2_000, writes));
  reads();
  writes();
  l.runFor(1_500_000);
  const firstWrite = l.events.find((e) => e.f === 'put' && e.o.type === 'ok' && e.t0 > t0);
  const stale = firstWrite === undefined ? [] : l.events.filter((e) => e.f === 'get' && e.o.type === 'ok' && e.t0 > firstWrite.t1 && e.o.value === 'old');
  return { l, stale, leaseReads: (l.w.observations.get('lease-read') ?? 0) - before };
}

/** Cut `node` off from the other servers only (clients still reach it); replaces any partition. */
function isolateFromServers(l: Lab, node: NodeId): void {
  const blocked: [NodeId, NodeId][] = [];
  for (const s of SERVERS) if (s !== node) blocked.push([node, s], [s, node]);
  l.w.partition({ shape: 'split', blocked });
}

/** Servers reach each other only through `hub`; `out` reaches no server. Clients reach everyone. */
function star(l: Lab, hub: NodeId, out: NodeId): void {
  const blocked: [NodeId, NodeId][] = [];
  for (const a of SERVERS) for (const b of SERVERS) if (a !== b && (a === out || b === out || (a !== hub && b !== hub))) blocked.push([a, b]);
  l.w.partition({ shape: 'star', blocked });
}

/** Run in 1 ms steps until `pred` holds (true) or `maxUs` passed (false). */
function runUntil(l: Lab, pred: () => boolean, maxUs: number): boolean {
  const end = l.w.time + maxUs;
  while (l.w.time < end) {
    if (pred()) return true;
    l.runFor(1_000);
  }
  return pred();
}

/** The leader of the highest term, if it satisfies `ok`. */
function leaderIf(l: Lab, ok: (id: NodeId) => boolean): NodeId | undefined {
  const id = raftRole(l.w, 'leader');
  return id !== undefined && ok(id) ? id : undefined;
}

/**
 * Raft's Figure 8, played with partitions among the servers (clients reach every server). X
 * (term a) is cut off and appends a client write alone; Y is elected (term b), cut off at once and
 * appends another write alone at the same index; X rejoins as the hub of a star (the others hear
 * only X), is elected again (term c) and replicates its term-a entry to a majority — the mutant
 * commits it by counting, acknowledging the write; then X is cut off and Y is the hub: Y, whose
 * last term b beats a, is elected and overwrites the committed entry. `stage` tells how far the
 * script got (a client may be slow to find the leader within the script's waits).
 */
function figure8(mutant: string | undefined, seed: number): { l: Lab; stage: string } {
  const l = lab(mutant, seed);
  l.runFor(SETTLE_US);
  const x = raftRole(l.w, 'leader');
  if (x === undefined) return { l, stage: 'no leader' };
  l.request('c1', 'put', 'x', 'w0');
  l.runFor(100_000);
  isolateFromServers(l, x);
  const k = l.server(x).log.lastIndex + 1;
  l.request('c1', 'put', 'x', 'a'); // c1 talks to X, which appends it at k alone
  if (!runUntil(l, () => l.server(x).log.lastIndex >= k, 100_000)) return { l, stage: 'no entry at X' };
  let y: NodeId | undefined;
  if (!runUntil(l, () => (y = leaderIf(l, (id) => id !== x)) !== undefined, 3_000_000)) return { l, stage: 'no Y' };
  const yTerm = l.server(y!).hard.term;
  star(l, x, y!); // Y is cut off; X rejoins as the only server the others hear, so only X can win
  l.request('c2', 'put', 'x', 'b'); // c2 is redirected to Y, which appends it alone
  if (!runUntil(l, () => l.server(y!).log.termAt(k) === yTerm, 500_000)) return { l, stage: 'no entry at Y' };
  let z: NodeId | undefined;
  if (!runUntil(l, () => (z = leaderIf(l, (id) => id !== y && l.server(id).hard.term > yTerm)) !== undefined, 3_000_000)) return { l, stage: 'no Z' };
  if (z !== x) return { l, stage: 'X not re-elected' };
  if (!runUntil(l, () => l.server(x).commitIndex >= k, 200_000)) return { l, stage: 'k not committed' };
  const xTerm = l.server(x).hard.term;
  star(l, y!, x); // X is cut off; Y rejoins as the only server the others hear
  let w: NodeId | undefined;
  if (!runUntil(l, () => (w = leaderIf(l, (id) => id !== x && l.server(id).hard.term > xTerm)) !== undefined, 3_000_000)) return { l, stage: 'no W' };
  l.runFor(200_000);
  return { l, stage: w === y ? 'Y re-elected' : 'another leader' };
}

describe('Raft mutants, scripted', () => {
  it('vote-without-log-check: a lagging server that rejoins wins and overwrites committed entries', () => {
    const bad = lagThenRejoin('vote-without-log-check');
    expect(bad.failures.some((f) => f.startsWith('leaderCompleteness'))).toBe(true);
  });

  it('correct code: the lagging server rejoins as a follower and catches up', () => {
    const good = lagThenRejoin(undefined);
    expect(good.failures).toEqual([]);
    expect(good.events.filter((e) => e.o.type === 'ok').length).toBe(5);
    for (const s of SERVERS) expect(good.server(s).sm.get('x')).toBe('v0v1v2v3v4');
  });

  it('figure8-commit: a leader commits an earlier-term entry by counting, and a later leader overwrites it', () => {
    const runs = [1, 2, 3].map((seed) => figure8('figure8-commit', seed));
    expect(runs.some((r) => r.stage === 'Y re-elected' && r.l.failures.some((f) => f.startsWith('leaderCompleteness')))).toBe(true);
  });

  it('correct code: the same isolations never lose a committed entry', () => {
    const runs = [1, 2, 3].map((seed) => figure8(undefined, seed));
    // X's term-c no-op commits its old entry with it; no voter then has a log older than Y's, so Y never wins.
    expect(runs.some((r) => r.stage === 'no W')).toBe(true);
    for (const r of runs) expect(r.l.failures).toEqual([]);
  });

  it('lease-ignores-drift: a slow-clocked old leader serves stale lease reads after a new leader committed a write', () => {
    const found = [1, 2, 3].some((seed) => slowLeaderSplit('lease-ignores-drift', seed).stale.length > 0);
    expect(found).toBe(true);
  });

  it('correct code: lease reads happen, and none is stale in the same scenarios', () => {
    for (const seed of [1, 2, 3]) {
      const r = slowLeaderSplit(undefined, seed);
      expect(r.leaseReads).toBeGreaterThan(0);
      expect(r.stale).toEqual([]);
      expect(r.l.failures).toEqual([]);
    }
  });
});
