/**
 * Determinism (DESIGN.md, "Determinism"): the same seed and options give a
 * byte-identical trace, a different seed a different one; and no source file
 * of spec/, impl/ or harness/sim/ reaches for ambient time or randomness.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import type { Actor, ActorContext, ClientActor, ClientContext, ClientRequest, NodeId } from '../../impl/actor.js';
import { createWorld } from '../sim/world.js';
import { REPO_ROOT, sourceFiles } from './source-files.js';


/** Gossip: each server keeps a durable max and a volatile peer view; gossips on a randomized timer. */
class Gossip implements Actor {
  private seen = 0;
  onStart(ctx: ActorContext): void {
    this.seen = (ctx.storage.get('max') as number | undefined) ?? 0;
    ctx.setTimer('gossip', 1000 + Math.floor(ctx.random() * 1000));
  }
  onMessage(ctx: ActorContext, from: NodeId, msg: JsonValue): void {
    const m = msg as { type: string; v?: number; id?: string };
    if (m.type === 'gossip' && typeof m.v === 'number' && m.v > this.seen) {
      this.seen = m.v;
      ctx.storage.put('max', m.v);
      ctx.observe('learned');
    } else if (m.type === 'bump' && m.id !== undefined) {
      this.seen += 1;
      ctx.storage.put('max', this.seen);
      ctx.send(from, { type: 'bumped', id: m.id, v: this.seen });
    } else if (m.type === 'ping') {
      ctx.send(from, { type: 'pong', t: ctx.wallClock() });
    }
  }
  onTimer(ctx: ActorContext, name: string): void {
    const peers = ctx.servers.filter((s) => s !== ctx.self);
    const peer = peers[Math.floor(ctx.random() * peers.length)] as NodeId;
    ctx.send(peer, { type: 'gossip', v: this.seen });
    ctx.send(peer, { type: 'ping' });
    ctx.setTimer(name, 1000 + Math.floor(ctx.random() * 1000));
  }
}

/** A client that retries a bump against a random server until answered. */
class Bumper implements ClientActor {
  private open: ClientRequest | undefined;
  onStart(): void {}
  onRequest(ctx: ClientContext, req: ClientRequest): void {
    this.open = req;
    this.attempt(ctx);
  }
  onMessage(ctx: ClientContext, _from: NodeId, msg: JsonValue): void {
    const m = msg as { id: string; v: number };
    if (this.open?.id !== m.id) return;
    this.open = undefined;
    ctx.cancelTimer('retry');
    ctx.complete(m.id, { type: 'ok', value: m.v });
  }
  onTimer(ctx: ClientContext): void {
    if (this.open !== undefined) this.attempt(ctx);
  }
  private attempt(ctx: ClientContext): void {
    const s = ctx.servers[Math.floor(ctx.random() * ctx.servers.length)] as NodeId;
    ctx.send(s, { type: 'bump', id: (this.open as ClientRequest).id });
    ctx.setTimer('retry', 3000);
  }
}

/** Runs the gossip system with faults through the World API; returns the serialized trace. */
function runOnce(seed: number): string {
  const servers = ['n1', 'n2', 'n3', 'n4', 'n5'];
  const w = createWorld({
    seed,
    servers,
    clients: ['c1', 'c2'],
    network: { minLatencyUs: 200, meanExtraLatencyUs: 800, loss: 0.05, duplicate: 0.05 },
    clock: { maxDrift: 0.02 },
    record: true,
  });
  w.start(() => new Gossip(), () => new Bumper());
  const pick = w.fork('workload');
  for (const c of ['c1', 'c2']) {
    let k = 0;
    const next = (): void => {
      if (k >= 20) return;
      const id = `${c}-${k++}`;
      w.note({ type: 'invoke', process: c, f: 'bump', value: null, time: w.time });
      w.request(c, { id, f: 'bump', key: undefined, value: null }, (o) => {
        w.note({ type: o.type, process: c, f: 'bump', value: o.type === 'ok' ? o.value : null, time: w.time });
        w.at(w.time + pick.nextInt(100, 2000), next);
      });
    };
    w.at(pick.nextInt(0, 500), next);
  }
  w.at(5_000, () => w.partition({ shape: 'halves', blocked: [['n1', 'n4'], ['n4', 'n1'], ['n2', 'n5']], groups: [['n1', 'n2'], ['n4', 'n5']] }));
  w.at(9_000, () => w.crash('n3', { diskLoss: false }));
  w.at(11_000, () => w.setDrift('n2', 0.5));
  w.at(12_000, () => w.jumpWallClock('n5', -2500));
  w.at(14_000, () => w.setNetFaults({ loss: 0.3, duplicate: 0.2 }));
  w.at(18_000, () => w.restart('n3'));
  w.at(20_000, () => w.heal());
  w.at(21_000, () => w.setNetFaults(undefined));
  w.at(22_000, () => w.crash('n4', { diskLoss: true }));
  w.at(25_000, () => w.restart('n4'));
  const why = w.run({ until: 60_000, maxSteps: 200_000 });
  return JSON.stringify({ why, time: w.time, steps: w.steps, obs: [...w.observations], trace: w.trace });
}

describe('determinism', () => {
  it('the same seed gives a byte-identical trace', () => {
    const a = runOnce(2024);
    const b = runOnce(2024);
    expect(a.length).toBeGreaterThan(10_000);
    expect(a).toBe(b);
    for (const kind of ['"duplicate"', '"drop"', '"partition"', '"crash"', '"restart"', '"clock"', '"net"', '"timer"', '"ok"']) {
      expect(a).toContain(`"type":${kind}`);
    }
  });

  it('a different seed gives a different trace', () => {
    expect(runOnce(2024)).not.toBe(runOnce(2025));
  });
});

/** The ambient sources of time and randomness banned from the deterministic layers. */
const BANNED: readonly RegExp[] = [
  /\bMath\.random\b/,
  /\bDate\.now\b/,
  /\bperformance\.now\b/,
  /\bsetTimeout\b/,
  /\bsetInterval\b/,
  /\bsetImmediate\b/,
  /\bcrypto\.random/,
  /\bgetRandomValues\b/,
  /\bnew Date\(/,
  /\bprocess\.hrtime\b/,
];

/** Lines of `source` that use a banned source of time or randomness, as `line: text`. */
function findNondeterminism(source: string): string[] {
  const hits: string[] = [];
  source.split('\n').forEach((line, i) => {
    if (BANNED.some((re) => re.test(line))) hits.push(`${i + 1}: ${line.trim()}`);
  });
  return hits;
}

describe('no ambient time or randomness in spec/, impl/, harness/sim/', () => {
  it('the scanner flags each banned call and passes clean code', () => {
    const planted = [
      'const r = Math.random();',
      'const t = Date.now();',
      'const p = performance.now();',
      'setTimeout(() => {}, 1);',
      'setInterval(f, 10);',
      'crypto.randomUUID();',
      'crypto.randomBytes(4);',
      'const d = new Date();',
    ];
    for (const line of planted) expect(findNondeterminism(`const ok = 1;\n${line}\n`)).toEqual([`2: ${line}`]);
    expect(findNondeterminism('const x = ctx.random();\nconst t = ctx.now();\nconst d = myDate.now;\n')).toEqual([]);
  });

  it('finds none in the source tree', () => {
    const files = ['spec', 'impl', 'harness/sim'].flatMap((d) => sourceFiles(d));
    expect(files.length).toBeGreaterThan(5);
    const offenders = files.flatMap((f) =>
      findNondeterminism(readFileSync(join(REPO_ROOT, f), 'utf8')).map((h) => `${f}:${h}`),
    );
    expect(offenders).toEqual([]);
  });
});
