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

interface Lab {
  readonly w: SimWorld;
  readonly failures: string[];
  /** Run a request to completion (or `until`), returning its outcome. */
  call(c: NodeId, f: string, key: string, value: string | null): ClientOutcome | undefined;
  runFor(us: number): void;
  server(id: NodeId): RaftServer;
}

let nextId = 0;

function lab(o: { seed?: number; mutant?: string; loss?: number; duplicate?: number } = {}): Lab {
  const w = createWorld({
    seed: o.seed ?? 1, servers: SERVERS, clients: CLIENTS,
    network: { minLatencyUs: 500, meanExtraLatencyUs: 500, loss: o.loss ?? 0, duplicate: o.duplicate ?? 0 },
    clock: { maxDrift: 0.05 }, record: false,
  });
  const failures: string[] = [];
  const monitor = new RaftSafetyMonitor();
  w.onStep((view, node) => {
    if (!SERVERS.includes(node)) return;
    monitor.check(view, node, 'electionSafety');
    for (const [k, v] of Object.entries(monitor.failures())) failures.push(`${k}: ${v}`);
  });
  w.start(() => new RaftServer(raftOptionsFor(o.mutant)), () => new RaftClient());
  const runFor = (us: number): void => void w.run({ until: w.time + us, maxSteps: 1_000_000 });
  return {
    w, failures, runFor,
    server: (id) => w.server(id) as RaftServer,
    call(c, f, key, value) {
      let out: ClientOutcome | undefined;
      w.request(c, { id: `r${nextId++}`, f, key, value }, (x) => (out = x));
      for (let i = 0; i < 100 && out === undefined; i++) runFor(10_000);
      return out;
    },
  };
}

describe('Raft KV', () => {
  it('elects one leader, with every server a voter after bootstrap', () => {
    const l = lab();
    l.runFor(500_000);
    const leader = raftRole(l.w, 'leader');
    expect(leader).toBeDefined();
    const leaders = SERVERS.filter((id) => l.server(id).role === 'leader');
    expect(leaders).toEqual([leader]);
    for (const id of SERVERS) expect(l.server(id).hard.member).toBe('voter');
    expect(l.w.observations.get('leader-elected')).toBeGreaterThanOrEqual(1);
    expect(l.failures).toEqual([]);
  });

  it('keeps acknowledged writes across a leader crash', () => {
    const l = lab({ seed: 2 });
    l.runFor(300_000);
    expect(l.call('c1', 'put', 'x', 'a')).toEqual({ type: 'ok', value: 'a' });
    expect(l.call('c1', 'append', 'x', 'b')).toEqual({ type: 'ok', value: 'b' });
    const old = raftRole(l.w, 'leader')!;
    l.w.crash(old, { diskLoss: false });
    expect(l.call('c2', 'get', 'x', null)).toEqual({ type: 'ok', value: 'ab' });
    expect(raftRole(l.w, 'leader')).not.toBe(old);
    l.w.restart(old);
    l.runFor(300_000);
    expect(l.server(old).sm.get('x')).toBe('ab');
    expect(l.failures).toEqual([]);
  });

  it('a partitioned old leader cannot commit; the majority side goes on', () => {
    const l = lab({ seed: 3 });
    l.runFor(300_000);
    const old = raftRole(l.w, 'leader')!;
    const others = SERVERS.filter((s) => s !== old);
    const blocked: [NodeId, NodeId][] = [];
    for (const s of others) blocked.push([old, s], [s, old]);
    l.w.partition({ shape: 'isolate-one', blocked });
    const commitBefore = l.server(old).commitIndex;
    l.runFor(400_000);
    expect(l.server(old).commitIndex).toBe(commitBefore);
    expect(l.server(old).role).not.toBe('leader'); // check-quorum stepped it down
    expect(l.call('c1', 'put', 'y', 'new')).toEqual({ type: 'ok', value: 'new' });
    l.w.heal();
    l.runFor(300_000);
    expect(l.server(old).sm.get('y')).toBe('new');
    expect(l.failures).toEqual([]);
  });

  it('a lagging follower catches up by InstallSnapshot', () => {
    const l = lab({ seed: 4 });
    l.runFor(300_000);
    const leader = raftRole(l.w, 'leader')!;
    const lag = SERVERS.find((s) => s !== leader)!;
    l.w.crash(lag, { diskLoss: false });
    for (let i = 0; i < 60; i++) expect(l.call('c1', 'append', 'z', `${i}.`)?.type).toBe('ok');
    l.w.restart(lag);
    l.runFor(300_000);
    expect(l.w.observations.get('snapshot-install')).toBeGreaterThanOrEqual(1);
    expect(l.server(lag).sm.get('z')).toBe(l.server(leader).sm.get('z'));
    expect(l.failures).toEqual([]);
  });

  it('executes retried writes once despite loss and duplication', () => {
    const l = lab({ seed: 5, loss: 0.15, duplicate: 0.2 });
    l.runFor(300_000);
    let expected = '';
    for (let i = 0; i < 30; i++) {
      const r = l.call('c1', 'append', 'k', `<${i}>`);
      if (r?.type === 'ok') expected += `<${i}>`;
      else break;
    }
    expect(l.w.observations.get('retry')).toBeGreaterThan(0);
    expect(l.call('c2', 'get', 'k', null)).toEqual({ type: 'ok', value: expected });
    expect(l.failures).toEqual([]);
  });

  it('under no-dedup the same retries execute some write twice', () => {
    const doubled = [5, 6, 7, 8].some((seed) => {
      const l = lab({ seed, loss: 0.15, duplicate: 0.2, mutant: 'no-dedup' });
      l.runFor(300_000);
      for (let i = 0; i < 30; i++) l.call('c1', 'append', 'k', `<${i}>`);
      const v = l.call('c2', 'get', 'k', null);
      return v?.type === 'ok' && typeof v.value === 'string' && (v.value.match(/<\d+>/g) ?? []).length > new Set(v.value.match(/<\d+>/g)).size;
    });
    expect(doubled).toBe(true);
  });

  it('a server that lost its disk rejoins as a learner and is promoted once caught up', () => {
    const l = lab({ seed: 6 });
    l.runFor(300_000);
    expect(l.call('c1', 'put', 'x', 'kept')?.type).toBe('ok');
    const leader = raftRole(l.w, 'leader')!;
    const victim = SERVERS.find((s) => s !== leader)!;
    l.w.crash(victim, { diskLoss: true });
    l.w.restart(victim);
    l.runFor(1_000);
    expect(l.server(victim).hard.member).toBe('learner');
    l.runFor(300_000);
    expect(l.server(victim).hard.member).toBe('voter');
    expect(l.server(victim).sm.get('x')).toBe('kept');
    expect(l.w.observations.get('learner-promoted')).toBe(1);
    expect(l.failures).toEqual([]);
  });

  it('minority-quorum: two candidates win the same term with ⌊n/2⌋ votes each, violating Election Safety', () => {
    const found = Array.from({ length: 40 }, (_, i) => i + 1).some((seed) => {
      const l = lab({ seed, mutant: 'minority-quorum' });
      l.runFor(400_000);
      return l.failures.some((f) => f.startsWith('electionSafety'));
    });
    expect(found).toBe(true);
  });
});
