/**
 * Hand-built scenarios for the AFS mutants: each shows the planted bug
 * breaking a coherence invariant (or the store's content) and the correct
 * code surviving the very same scenario. Tuning: T = 600 ms, ρ = 2 %.
 */
import { describe, expect, it } from 'vitest';
import { createWorld, type SimWorld } from '../../harness/sim/world.js';
import type { ClientOutcome, NodeId } from '../actor.js';
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import { FileServer } from './server.js';
import { CacheManager } from './client.js';
import { promiseKnown, recordPublications, servedWithinBound } from './coherence.js';
import type { AfsOptions, AfsVariant } from './options.js';

const CLIENTS = ['c1', 'c2'];
const DRIFT = 0.02;
const T = 600_000;

function options(variant: AfsVariant, mutant: string | undefined): AfsOptions {
  return { variant, termUs: T, maxDrift: DRIFT, pollUs: 0, retryUs: 20_000, giveUpUs: 5_000_000, breakRetryUs: 20_000, mutant: mutant as AfsOptions['mutant'] };
}

interface Lab {
  readonly w: SimWorld;
  /** Invariant failures seen so far. */
  readonly failures: string[];
  readonly outcomes: Map<string, ClientOutcome>;
  runFor(us: number): void;
  server(): FileServer;
  client(id: NodeId): CacheManager;
  /** Runs one request to completion (or until `maxUs` passed). */
  op(c: NodeId, f: string, key: string, value: JsonValue, maxUs?: number): ClientOutcome | undefined;
  /** A whole session: open, writes, close; returns the close's outcome. */
  session(c: NodeId, key: string, tokens: readonly string[]): ClientOutcome | undefined;
  cut(c: NodeId): void;
}

let ids = 0;

function lab(variant: AfsVariant, mutant: string | undefined, deltaUs = 0): Lab {
  const w = createWorld({
    seed: 1, servers: ['n1'], clients: CLIENTS,
    network: { minLatencyUs: 500, meanExtraLatencyUs: 500, loss: 0, duplicate: 0 }, clock: { maxDrift: DRIFT }, record: false,
  });
  for (const n of ['n1', ...CLIENTS]) w.setDrift(n, 0);
  const failures: string[] = [];
  w.onStep((view) => {
    const f = recordPublications(view) ?? promiseKnown(view) ?? servedWithinBound(view, deltaUs, DRIFT);
    if (f !== undefined) failures.push(f);
  });
  w.start(() => new FileServer(options(variant, mutant)), () => new CacheManager('n1', options(variant, mutant)));
  const outcomes = new Map<string, ClientOutcome>();
  const l: Lab = {
    w, failures, outcomes,
    runFor: (us) => void w.run({ until: w.time + us, maxSteps: 1_000_000 }),
    server: () => w.server('n1') as FileServer,
    client: (id) => w.client(id) as CacheManager,
    op(c, f, key, value, maxUs = 6_000_000) {
      const id = `q${ids++}`;
      w.request(c, { id, f, key, value }, (o) => outcomes.set(id, o));
      const end = w.time + maxUs;
      while (!outcomes.has(id) && w.time < end) w.run({ until: Math.min(end, w.time + 10_000), maxSteps: 1_000_000 });
      return outcomes.get(id);
    },
    session(c, key, tokens) {
      l.op(c, 'open', key, null);
      for (const t of tokens) l.op(c, 'write', key, t);
      return l.op(c, 'close', key, [...tokens]);
    },
    cut(c) {
      w.partition({ shape: 'cut', blocked: [[c, 'n1'], ['n1', c]] });
    },
  };
  return l;
}

/** c1 caches a with a promise; c2 stores a new version. */
function cachedThenStored(variant: AfsVariant, mutant: string | undefined): Lab {
  const l = lab(variant, mutant);
  expect(l.op('c1', 'open', 'a', null)).toEqual({ type: 'ok', value: { v: 0, data: '' } });
  l.op('c1', 'close', 'a', []);
  expect(l.client('c1').trusts('a')).toBeDefined();
  expect(l.session('c2', 'a', ['x'])).toEqual({ type: 'ok', value: { v: 1 } });
  l.runFor(20_000);
  return l;
}

describe('afs callbacks', () => {
  it('a store breaks the other holders\' promises; their next open sees the new version', () => {
    const l = cachedThenStored('callbacks', undefined);
    expect(l.failures).toEqual([]);
    expect(l.client('c1').trusts('a')).toBeUndefined();
    expect(l.op('c1', 'open', 'a', null)).toEqual({ type: 'ok', value: { v: 1, data: 'x' } });
  });

  it('mutant no-break: the holder keeps trusting a copy the server no longer promises', () => {
    const l = cachedThenStored('callbacks', 'no-break');
    expect(l.failures[0]).toMatch(/c1 trusts its copy of "a" \(version 0\)/);
  });

  it('a client cut off from the server stops trusting its copy when the term runs out; the break gives up then', () => {
    for (const mutant of [undefined, 'keep-expired-promise']) {
      const l = lab('callbacks', mutant);
      l.op('c1', 'open', 'a', null);
      l.op('c1', 'close', 'a', []);
      l.cut('c1');
      l.session('c2', 'a', ['x']);
      l.runFor(2 * T);
      if (mutant === undefined) {
        expect(l.failures).toEqual([]);
        expect(l.client('c1').trusts('a')).toBeUndefined();
        expect(l.server().breaks.size).toBe(0);
      } else {
        expect(l.failures[0]).toMatch(/c1 trusts its copy of "a" \(version 0\) but the server, at version 1, holds no promise/);
      }
    }
  });

  it('a restarted server refuses stores for its grace period and tells clients to revalidate', () => {
    for (const mutant of [undefined, 'restart-forgets-callbacks']) {
      const l = lab('callbacks', mutant);
      l.op('c1', 'open', 'a', null);
      l.op('c1', 'close', 'a', []);
      l.w.crash('n1', { diskLoss: false });
      l.runFor(100_000);
      l.w.restart('n1');
      const t0 = l.w.time;
      l.session('c2', 'a', ['x']);
      if (mutant === undefined) {
        expect(l.failures).toEqual([]);
        expect(l.client('c1').trusts('a')).toBeUndefined();
        // The store waited out the grace period, T·(1+ρ)/(1−ρ) of the server's clock.
        expect(l.w.time - t0).toBeGreaterThan((T * (1 + DRIFT)) / (1 - DRIFT));
      } else {
        expect(l.failures[0]).toMatch(/c1 trusts its copy of "a"/);
      }
    }
  });

  it('a break not yet acknowledged when the server crashes goes out again after its restart', () => {
    const l = lab('callbacks', undefined);
    l.op('c1', 'open', 'a', null);
    l.op('c1', 'close', 'a', []);
    l.cut('c1');
    l.session('c2', 'a', ['x']);
    expect(l.server().breaks.size).toBe(1);
    l.w.crash('n1', { diskLoss: false });
    l.w.heal();
    l.runFor(10_000);
    l.w.restart('n1');
    expect(l.server().breaks.size).toBe(1);
    l.runFor(20_000);
    expect(l.failures).toEqual([]);
    expect(l.client('c1').trusts('a')).toBeUndefined();
    expect(l.server().breaks.size).toBe(0);
  });

  it('mutant partial-close: a close after two writes stores only the first', () => {
    for (const mutant of [undefined, 'partial-close']) {
      const l = lab('callbacks', mutant);
      expect(l.session('c1', 'a', ['x', 'y'])).toEqual({ type: 'ok', value: { v: 1 } });
      expect(l.server().files['a']?.data).toBe(mutant === undefined ? 'x y' : 'x');
    }
  });

  it('a close naming tokens its session did not write is refused', () => {
    const l = lab('callbacks', undefined);
    l.op('c1', 'open', 'a', null);
    l.op('c1', 'write', 'a', 'x');
    expect(l.op('c1', 'close', 'a', ['x', 'y'])).toEqual({ type: 'fail' });
    expect(l.server().files['a']).toBeUndefined();
  });

  it('a restarted client revalidates before trusting its cached copy', () => {
    const l = lab('callbacks', undefined);
    l.session('c1', 'a', ['x']);
    l.w.crash('c1', { diskLoss: false });
    l.w.restart('c1');
    expect(l.client('c1').cache['a']).toEqual({ v: 1, data: 'x' });
    expect(l.client('c1').trusts('a')).toBeUndefined();
    const sent = l.server().sent['fetched'] ?? 0;
    expect(l.op('c1', 'open', 'a', null)).toEqual({ type: 'ok', value: { v: 1, data: 'x' } });
    expect(l.server().sent['fetched']).toBe(sent + 1);
  });
});

describe('afs leases', () => {
  it('a store waits for a cut-off holder\'s lease to expire (by the drift bound), then commits', () => {
    for (const mutant of [undefined, 'lease-ignores-drift']) {
      const l = lab('leases', mutant);
      l.w.setDrift('c1', -DRIFT);
      l.w.setDrift('n1', DRIFT);
      l.op('c1', 'open', 'a', null);
      l.op('c1', 'close', 'a', []);
      l.cut('c1');
      const t0 = l.w.time;
      expect(l.session('c2', 'a', ['x'])).toEqual({ type: 'ok', value: { v: 1 } });
      if (mutant === undefined) {
        expect(l.failures).toEqual([]);
        expect(l.w.time - t0).toBeGreaterThan(T / (1 - DRIFT) - 20_000);
      } else {
        expect(l.failures[0]).toMatch(/c1 trusts its copy of "a" \(version 0\)/);
      }
    }
  });

  it('a holder that acknowledges the recall lets the store commit at once', () => {
    const l = lab('leases', undefined);
    l.op('c1', 'open', 'a', null);
    l.op('c1', 'close', 'a', []);
    const t0 = l.w.time;
    l.session('c2', 'a', ['x']);
    expect(l.w.time - t0).toBeLessThan(100_000);
    expect(l.failures).toEqual([]);
  });
});

describe('afs polling', () => {
  it('validates on every open: one fetch per open, the latest version', () => {
    const l = lab('polling', undefined);
    l.op('c1', 'open', 'a', null);
    l.op('c1', 'close', 'a', []);
    l.session('c2', 'a', ['x']);
    expect(l.op('c1', 'open', 'a', null)).toEqual({ type: 'ok', value: { v: 1, data: 'x' } });
    expect(l.server().sent['fetched']).toBe(3);
    expect(l.failures).toEqual([]);
  });
});
