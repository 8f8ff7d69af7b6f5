import { describe, expect, it } from 'vitest';
import type { ClientOutcome, NodeId } from '../actor.js';
import { createWorld, type SimWorld } from '../../harness/sim/world.js';
import { pbOptions, type PbMutant } from './options.js';
import { pbServer, PbServer, type PbSnapshot } from './server.js';
import { pbClient } from './client.js';
import { pbInvariants } from './invariants.js';
import { abstractKv, liveSnapshots, pbRole } from './abstraction.js';

const SERVERS = ['n1', 'n2', 'n3'];
const CLIENTS = ['c1', 'c2'];

interface Cluster {
  readonly world: SimWorld;
  readonly violations: string[];
  call(c: NodeId, f: string, key: string, value: string | null, maxUs?: number): ClientOutcome | undefined;
  runFor(us: number): void;
  snap(id: NodeId): PbSnapshot;
  /** Cut the given directed links (replaces any earlier partition). */
  cut(links: readonly (readonly [NodeId, NodeId])[]): void;
}

/** A 3-server cluster in the simulator, with every invariant checked after each step. */
function cluster(o: { mutant?: PbMutant; seed?: number; loss?: number; duplicate?: number } = {}): Cluster {
  const world = createWorld({
    seed: o.seed ?? 1,
    servers: SERVERS,
    clients: CLIENTS,
    network: { minLatencyUs: 500, meanExtraLatencyUs: 1000, loss: o.loss ?? 0, duplicate: o.duplicate ?? 0 },
    clock: { maxDrift: 0.02 },
    record: false,
  });
  const opts = pbOptions(o.mutant);
  const violations: string[] = [];
  world.onStep((view) => {
    const nodes = liveSnapshots(view);
    for (const [name, inv] of Object.entries(pbInvariants)) {
      const bad = inv(nodes);
      if (bad !== undefined) violations.push(`${name}: ${bad}`);
    }
  });
  world.start(pbServer(opts), pbClient(opts));
  let n = 0;
  const runFor = (us: number): void => void world.run({ until: world.time + us, maxSteps: 10_000_000 });
  return {
    world,
    violations,
    runFor,
    call(c, f, key, value, maxUs = 1_000_000) {
      let out: ClientOutcome | undefined;
      world.request(c, { id: `r${n++}`, f, key, value }, (x) => (out = x));
      const deadline = world.time + maxUs;
      while (out === undefined && world.time < deadline) runFor(500);
      return out;
    },
    snap: (id) => (world.server(id) as PbServer).inspect() as PbSnapshot,
    cut: (links) => world.partition({ shape: 'test', blocked: links }),
  };
}

/** Links between `node` and each of `others`, both ways. */
const around = (node: NodeId, others: readonly NodeId[]): [NodeId, NodeId][] =>
  others.flatMap((o): [NodeId, NodeId][] => [[node, o], [o, node]]);

const ok = (value: string): ClientOutcome => ({ type: 'ok', value });

describe('primary-backup: correct protocol', () => {
  it('serves puts, appends and gets in order', () => {
    const c = cluster();
    c.runFor(10_000);
    expect(c.call('c1', 'get', 'x', null)).toEqual(ok(''));
    expect(c.call('c1', 'put', 'x', 'a')).toEqual(ok('a'));
    expect(c.call('c2', 'append', 'x', 'b')).toEqual(ok('b'));
    expect(c.call('c2', 'get', 'x', null)).toEqual(ok('ab'));
    expect(c.call('c1', 'put', 'y', 'z')).toEqual(ok('z'));
    expect(c.call('c1', 'get', 'y', null)).toEqual(ok('z'));
    expect(abstractKv(c.world)).toEqual({ x: 'ab', y: 'z' });
    expect(pbRole(c.world, 'primary')).toBe('n1');
    expect(c.violations).toEqual([]);
  });

  it('keeps every acknowledged write across a primary crash and restart', () => {
    const c = cluster({ seed: 7 });
    c.runFor(10_000);
    for (const v of ['a', 'b', 'c']) expect(c.call('c1', 'append', 'x', v)).toEqual(ok(v));
    c.world.crash('n1', { diskLoss: false });
    expect(c.call('c2', 'append', 'x', 'd')).toEqual(ok('d'));
    expect(c.world.observations.get('failover') ?? 0).toBeGreaterThan(0);
    expect(c.call('c2', 'get', 'x', null)).toEqual(ok('abcd'));
    c.world.restart('n1');
    c.runFor(50_000);
    expect(c.snap('n1').log.length).toBe(4);
    const p = pbRole(c.world, 'primary') as NodeId;
    c.world.crash(p, { diskLoss: false });
    expect(c.call('c1', 'get', 'x', null)).toEqual(ok('abcd'));
    expect(c.violations).toEqual([]);
  });

  it('executes a duplicated or retried append once', () => {
    const c = cluster({ seed: 3, duplicate: 0.5, loss: 0.2 });
    c.runFor(10_000);
    const acked: string[] = [];
    for (let i = 0; i < 12; i++) {
      const r = c.call(i % 2 === 0 ? 'c1' : 'c2', 'append', 'x', `v${i};`);
      if (r?.type === 'ok') acked.push(`v${i};`);
    }
    c.world.setNetFaults({ loss: 0, duplicate: 0 });
    const final = c.call('c1', 'get', 'x', null);
    expect(final?.type).toBe('ok');
    const got = String(final?.type === 'ok' ? final.value : '');
    for (const v of acked) expect(got.split(';').filter((t) => `${t};` === v)).toHaveLength(1);
    expect(c.world.observations.get('retry') ?? 0).toBeGreaterThan(0);
    expect(c.violations).toEqual([]);
  });

  it('survives random primary crashes and partitions with loss (acked appends kept exactly once)', () => {
    let failovers = 0;
    for (let seed = 1; seed <= 6; seed++) {
      const c = cluster({ seed, loss: 0.05, duplicate: 0.05 });
      const acked: string[] = [];
      for (let i = 0; i < 24; i++) {
        if (i % 6 === 3) {
          const p = pbRole(c.world, 'primary');
          if (p !== undefined && i % 12 === 3) c.world.crash(p, { diskLoss: false });
          else if (p !== undefined) c.cut(around(p, SERVERS.filter((s) => s !== p)));
        }
        if (i % 6 === 5) {
          for (const s of SERVERS) c.world.restart(s);
          c.world.heal();
        }
        const r = c.call(i % 2 === 0 ? 'c1' : 'c2', 'append', 'k', `${i};`);
        if (r?.type === 'ok') acked.push(`${i};`);
      }
      c.world.heal();
      for (const s of SERVERS) c.world.restart(s);
      const final = c.call('c1', 'get', 'k', null);
      expect(final?.type).toBe('ok');
      const tokens = String(final?.type === 'ok' ? final.value : '').split(';').filter((t) => t !== '');
      expect(new Set(tokens).size).toBe(tokens.length);
      for (const v of acked) expect(tokens).toContain(v.slice(0, -1));
      expect(acked.length).toBeGreaterThan(12);
      expect(c.violations).toEqual([]);
      failovers += c.world.observations.get('failover') ?? 0;
    }
    expect(failovers).toBeGreaterThan(6);
  });
});

describe('primary-backup: mutants produce wrong results', () => {
  it('stale-backup-read: a cut-off backup answers with an overwritten value', () => {
    const c = cluster({ mutant: 'stale-backup-read' });
    c.runFor(10_000);
    expect(c.call('c1', 'put', 'x', 'a')).toEqual(ok('a'));
    c.runFor(10_000);
    c.cut(around('n3', ['n1', 'n2']));
    expect(c.call('c1', 'put', 'x', 'b')).toEqual(ok('b'));
    const reads = Array.from({ length: 12 }, () => c.call('c2', 'get', 'x', null));
    expect(reads).toContainEqual(ok('a'));
  });

  it('failover-without-sync: the new primary drops an acknowledged write', () => {
    const c = cluster({ mutant: 'failover-without-sync' });
    c.runFor(10_000);
    c.cut([['n1', 'n2']]);
    expect(c.call('c1', 'put', 'x', 'a')).toEqual(ok('a'));
    c.world.crash('n1', { diskLoss: false });
    c.world.heal();
    expect(c.call('c2', 'get', 'x', null)).toEqual(ok(''));
    expect(c.violations.some((v) => v.startsWith('primaryHoldsCommitted'))).toBe(true);
  });

  it('the correct protocol keeps that write in the same scenario', () => {
    const c = cluster();
    c.runFor(10_000);
    c.cut([['n1', 'n2']]);
    expect(c.call('c1', 'put', 'x', 'a')).toEqual(ok('a'));
    c.world.crash('n1', { diskLoss: false });
    c.world.heal();
    expect(c.call('c2', 'get', 'x', null)).toEqual(ok('a'));
    expect(c.violations).toEqual([]);
  });

  it('early-ack: a write acknowledged by a cut-off primary is lost', () => {
    const c = cluster({ mutant: 'early-ack' });
    c.runFor(10_000);
    c.cut(around('n1', ['n2', 'n3']));
    expect(c.call('c1', 'put', 'x', 'a', 20_000)).toEqual(ok('a'));
    c.world.crash('n1', { diskLoss: false });
    expect(c.call('c2', 'get', 'x', null)).toEqual(ok(''));
  });

  it('no-dedup: a duplicated append executes twice', () => {
    const c = cluster({ mutant: 'no-dedup', duplicate: 1 });
    c.runFor(10_000);
    expect(c.call('c1', 'append', 'x', 'a')).toEqual(ok('a'));
    const r = c.call('c1', 'get', 'x', null);
    expect(r).toEqual(ok('aa'));
  });

  it('local-primary-read: a deposed primary answers from its old state', () => {
    const c = cluster({ mutant: 'local-primary-read' });
    c.runFor(10_000);
    expect(c.call('c1', 'put', 'x', 'a')).toEqual(ok('a'));
    c.cut(around('n1', ['n2', 'n3']));
    c.runFor(100_000);
    expect(c.call('c2', 'put', 'x', 'b')).toEqual(ok('b'));
    expect(c.call('c1', 'get', 'x', null)).toEqual(ok('a'));
  });
});
