/**
 * Coda's disconnected operation, hand-built: a client cut off from the server
 * serves hoarded files and logs its stores; on reconnection it reintegrates
 * them, or, when someone stored the file meanwhile, keeps the log as a
 * closure — and the mutant that skips the conflict check overwrites instead.
 */
import { describe, expect, it } from 'vitest';
import { createWorld, type SimWorld } from '../../harness/sim/world.js';
import type { ClientOutcome, NodeId } from '../actor.js';
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import { FileServer } from '../afs/server.js';
import { recordPublications } from '../afs/coherence.js';
import { CodaClient, type CodaOptions } from './client.js';
import { replayOnBase } from './accounting.js';

function options(mutant: string | undefined): CodaOptions {
  return {
    variant: 'callbacks', termUs: 600_000, maxDrift: 0.02, pollUs: 0, retryUs: 20_000, giveUpUs: 5_000_000, breakRetryUs: 20_000,
    mutant: mutant as CodaOptions['mutant'], disconnectUs: 60_000, probeUs: 50_000,
  };
}

let ids = 0;

function lab(mutant: string | undefined): { w: SimWorld; failures: string[]; op(c: NodeId, f: string, v: JsonValue): ClientOutcome | undefined; client(c: NodeId): CodaClient; server(): FileServer; cut(c: NodeId): void } {
  const w = createWorld({ seed: 3, servers: ['n1'], clients: ['c1', 'c2'], network: { minLatencyUs: 500, meanExtraLatencyUs: 500, loss: 0, duplicate: 0 }, clock: { maxDrift: 0.02 }, record: false });
  const failures: string[] = [];
  w.onStep((view) => {
    const f = recordPublications(view) ?? replayOnBase(view);
    if (f !== undefined) failures.push(f);
  });
  w.start(() => new FileServer(options(mutant)), () => new CodaClient('n1', options(mutant)));
  return {
    w, failures,
    op(c, f, v) {
      let out: ClientOutcome | undefined;
      w.request(c, { id: `q${ids++}`, f, key: 'a', value: v }, (o) => (out = o));
      const end = w.time + 2_000_000;
      while (out === undefined && w.time < end) w.run({ until: w.time + 10_000, maxSteps: 1_000_000 });
      return out;
    },
    client: (c) => w.client(c) as CodaClient,
    server: () => w.server('n1') as FileServer,
    cut: (c) => w.partition({ shape: 'cut', blocked: [[c, 'n1'], ['n1', c]] }),
  };
}

function disconnectedStore(l: ReturnType<typeof lab>): void {
  l.op('c1', 'open', null);
  l.op('c1', 'close', []);
  l.cut('c1');
  // c1's promise is still live: it serves the open itself; the store times out and is logged.
  expect(l.op('c1', 'open', null)).toEqual({ type: 'ok', value: { v: 0, data: '' } });
  l.op('c1', 'write', 'x');
  expect(l.op('c1', 'close', ['x'])).toEqual({ type: 'ok', value: { v: null, logged: true } });
  expect(l.client('c1').mode).toBe('disconnected');
  expect(l.op('c1', 'open', null)).toEqual({ type: 'ok', value: { v: 0, data: 'x', emulated: true, local: true } });
  l.op('c1', 'write', 'y');
  expect(l.op('c1', 'close', ['y'])).toEqual({ type: 'ok', value: { v: null, logged: true } });
  // The second store cancelled the first record: one record stands for both closes.
  expect(l.client('c1').cml.map((r) => [r.k, r.ids.length, r.data, r.base])).toEqual([['a', 2, 'y', 0]]);
}

describe('Coda', () => {
  it('reintegrates a disconnected client\'s log when it reaches the server again', () => {
    const l = lab(undefined);
    disconnectedStore(l);
    l.w.heal();
    l.w.run({ until: l.w.time + 300_000, maxSteps: 1_000_000 });
    expect(l.client('c1').mode).toBe('connected');
    expect(l.server().files['a']).toEqual({ v: 1, data: 'y' });
    expect(l.client('c1').cml).toEqual([]);
    expect(l.failures).toEqual([]);
  });

  it('a conflict aborts the replay and keeps the log as a closure; the mutant overwrites instead', () => {
    for (const mutant of [undefined, 'reintegrate-no-conflict-check']) {
      const l = lab(mutant);
      disconnectedStore(l);
      l.op('c2', 'open', null);
      l.op('c2', 'write', 'z');
      expect(l.op('c2', 'close', ['z'])).toEqual({ type: 'ok', value: { v: 1 } });
      l.w.heal();
      l.w.run({ until: l.w.time + 300_000, maxSteps: 1_000_000 });
      if (mutant === undefined) {
        expect(l.server().files['a']).toEqual({ v: 1, data: 'z' });
        expect(l.client('c1').closures.map((c) => c.map((r) => r.data))).toEqual([['y']]);
        expect(l.failures).toEqual([]);
      } else {
        expect(l.server().files['a']).toEqual({ v: 2, data: 'y' });
        expect(l.failures[0]).toMatch(/based on version 0 committed version 2/);
      }
    }
  });

  it('a restarted disconnected client keeps its log on disk and reintegrates it', () => {
    const l = lab(undefined);
    disconnectedStore(l);
    l.w.crash('c1', { diskLoss: false });
    l.w.restart('c1');
    expect(l.client('c1').mode).toBe('disconnected');
    l.w.heal();
    l.w.run({ until: l.w.time + 300_000, maxSteps: 1_000_000 });
    expect(l.server().files['a']).toEqual({ v: 1, data: 'y' });
  });
});
