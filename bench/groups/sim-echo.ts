/**
 * Simulator throughput: delivered messages per second for a trivial echo
 * actor (N pairs of servers bouncing one message each), with trace recording
 * off and on, against an "empty loop" baseline — the same number of push/pop
 * iterations of the bare event heap — measured in the same run.
 */
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import type { Actor, ActorContext, ClientActor, NodeId } from '../../impl/actor.js';
import { createWorld } from '../../harness/sim/world.js';
import { EventQueue } from '../../harness/sim/event-queue.js';
import type { BenchGroup, GroupMeasurement } from '../bench-group.js';

const PAIRS = 8;
const MESSAGES = 2_000_000;

/** Throughput figures of one echo benchmark run. */
export interface SimEchoResult {
  /** Messages delivered with recording off. */
  readonly messages: number;
  /** Time of the recording-off run, ms. */
  readonly ms: number;
  /** Delivered messages per second, recording off. */
  readonly perSecond: number;
  /** Delivered messages per second, recording on. */
  readonly perSecondRecording: number;
  /** Time of the bare heap loop with as many push/pop pairs, ms. */
  readonly baselineMs: number;
}

class Echo implements Actor {
  onStart(ctx: ActorContext): void {
    const i = ctx.servers.indexOf(ctx.self);
    if (i % 2 === 0) ctx.send(ctx.servers[i + 1] as NodeId, { type: 'ping', n: 0 });
  }
  onMessage(ctx: ActorContext, from: NodeId, msg: JsonValue): void {
    ctx.send(from, msg);
  }
  onTimer(): void {}
}

const noClient = (): ClientActor => {
  throw new Error('no clients in the echo benchmark');
};

function runEcho(messages: number, record: boolean): { delivered: number; ms: number } {
  const servers = Array.from({ length: 2 * PAIRS }, (_, i) => `n${i + 1}`);
  const world = createWorld({
    seed: 1,
    servers,
    clients: [],
    network: { minLatencyUs: 100, meanExtraLatencyUs: 50, loss: 0, duplicate: 0 },
    clock: { maxDrift: 0 },
    record,
  });
  world.start(() => new Echo(), noClient);
  const t0 = performance.now();
  world.run({ until: Infinity, maxSteps: messages });
  const ms = performance.now() - t0;
  return { delivered: world.stats.delivered, ms };
}

function runBaseline(iterations: number): number {
  const q = new EventQueue<number>(64);
  for (let i = 0; i < PAIRS; i++) q.push(i, i);
  const t0 = performance.now();
  let t = 0;
  for (let i = 0; i < iterations; i++) {
    t = q.peekTime();
    const v = q.pop() as number;
    q.push(t + 100 + (i & 63), v);
  }
  return performance.now() - t0;
}

/** Measures echo throughput with recording off and on, and the bare-heap baseline. */
export async function benchSimEcho(messages = MESSAGES): Promise<SimEchoResult> {
  runEcho(Math.min(messages, 100_000), false); // warm-up
  const off = runEcho(messages, false);
  const on = runEcho(Math.min(messages, 500_000), true);
  const baselineMs = runBaseline(off.delivered);
  return {
    messages: off.delivered,
    ms: off.ms,
    perSecond: (off.delivered / off.ms) * 1000,
    perSecondRecording: (on.delivered / on.ms) * 1000,
    baselineMs,
  };
}

/** The `sim-echo` bench group; anchor = the bare heap loop of the same length. */
export const simEchoGroup: BenchGroup = {
  name: 'sim-echo',
  description: `simulator: ${PAIRS} echo pairs, ${MESSAGES} delivered messages, recording off/on; anchor = bare heap push/pop loop`,
  anchorKind: 'reference',
  async run(): Promise<GroupMeasurement> {
    const r = await benchSimEcho();
    return {
      ops: r.messages,
      checkMs: r.ms,
      anchorMs: r.baselineMs,
      notes: [
        `sim-echo: ${Math.round(r.perSecond).toLocaleString('en')} msg/s recording off, ` +
          `${Math.round(r.perSecondRecording).toLocaleString('en')} msg/s recording on (target ≥ 1,000,000 off)`,
      ],
    };
  },
};
