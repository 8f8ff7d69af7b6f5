/**
 * The nodes of a process test and the wires between them: spawns one
 * process per server id, gives each its `init` (and the workload's setup
 * message), routes what nodes write — to other nodes through the network
 * model, to clients at once — and answers clients' RPCs. Faults act here:
 * kill (SIGKILL, then a fresh process and a fresh `init` with the same id),
 * pause (SIGSTOP/SIGCONT) and the network's partitions and bursts.
 *
 * Everything a node does wrong becomes a Diagnostic naming the node and its
 * stdout line; the driver decides what a diagnostic ends.
 */
import { join } from 'node:path';
import type { TraceEvent } from '../../traces/schema/trace-v1.js';
import type { Rng } from '../sim/rng.js';
import type { NetworkOptions } from '../sim/types.js';
import type { Diagnostic } from './diagnostics.js';
import { type Body, type Envelope, ENVELOPE_SHAPE, clientId, initBody, isClientId, parseNodeLine } from './maelstrom-protocol.js';
import { NodeProcess } from './node-process.js';
import { RealtimeNetwork } from './realtime-network.js';
import { RpcTable, type RpcResult } from './rpc-table.js';
import type { Service } from './services/service.js';

/** What a cluster is built from. */
export interface ClusterOptions {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly nodes: readonly string[];
  /** Directory for the nodes' stderr logs. */
  readonly outDir: string;
  readonly network: NetworkOptions;
  readonly networkRng: Rng;
  readonly initTimeoutMs: number;
  readonly termGraceMs: number;
  readonly limits: ClusterLimits;
  /** The workload's message after init (e.g. topology) and the reply type it expects. */
  readonly setup?: ((node: string) => Body | undefined) | undefined;
  readonly setupReply?: string | undefined;
  /** Ends init and setup waits early (the test is halting). */
  readonly signal: AbortSignal;
  /** The services nodes may call by name (lin-kv, seq-kv, lww-kv, lin-tso); none when absent. */
  readonly services?: ReadonlyMap<string, Service>;
  now(): number;
  journal(e: TraceEvent): void;
  diagnose(d: Diagnostic): void;
}

/** Bounds that keep a misbehaving node from exhausting the driver. */
export interface ClusterLimits {
  readonly maxLineBytes: number;
  /** Messages in flight in the network before nodes' stdout is no longer read. */
  readonly maxInFlight: number;
  /** Bytes queued for one node's stdin before nodes' stdout is no longer read. */
  readonly maxStdinBacklog: number;
  /** Messages one node may write in one second before a warning. */
  readonly floodPerSecond: number;
  readonly stderrTailBytes: number;
  readonly stderrFileBytes: number;
}

type NodeState = 'starting' | 'up' | 'paused' | 'killed' | 'stopping';

interface NodeSlot {
  readonly id: string;
  proc: NodeProcess;
  state: NodeState;
  starts: number;
  windowStart: number;
  windowCount: number;
  floodWarned: boolean;
}

/** A running set of node processes. */
export class Cluster {
  private readonly slots = new Map<string, NodeSlot>();
  private readonly rpc = new RpcTable();
  private readonly net: RealtimeNetwork;
  private nextClient = 0;
  private nextMsgId = 0;
  private congested = false;
  private congestionTimer: NodeJS.Timeout | undefined;
  private readonly warnedDest = new Set<string>();
  private serviceMsgId = 0;
  /** Messages between clients and nodes, both ways. */
  clientMessages = 0;
  /** Messages between nodes and services, both ways. */
  serviceMessages = 0;

  constructor(private readonly o: ClusterOptions) {
    this.net = new RealtimeNetwork(o.nodes, o.network, o.networkRng, {
      now: () => o.now(),
      isUp: (n) => this.slots.get(n)?.proc.alive === true && this.slots.get(n)?.state !== 'killed',
      deliver: (m) => this.slots.get(m.dest)?.proc.write(m),
      journal: (e) => o.journal(e),
    });
  }

  /** The network model between the nodes. */
  get network(): RealtimeNetwork {
    return this.net;
  }

  /** Opens a new client id (c0, c1, ... in order, as Maelstrom opens them). */
  openClient(): string {
    return clientId(this.nextClient++);
  }

  /** Starts every node and initializes them; false when one could not be brought up (a diagnostic says why). */
  async start(): Promise<boolean> {
    for (const id of this.o.nodes) this.spawn(id);
    const ok = await Promise.all(this.o.nodes.map((id) => this.initialize(id)));
    return ok.every((x) => x);
  }

  /** Sends `body` from client `client` to `node` and waits for the reply (or the timeout). */
  async call(client: string, node: string, body: Body, timeoutMs: number, signal?: AbortSignal): Promise<RpcResult> {
    const msgId = this.rpc.issue(client);
    const msg: Envelope = { id: this.nextMsgId++, src: client, dest: node, body: { ...body, msg_id: msgId } };
    const pending = this.rpc.wait(client, msgId, timeoutMs, signal);
    const now = this.o.now();
    this.clientMessages++;
    this.o.journal({ type: 'send', time: now, id: msg.id as number, from: client, to: node, msg: msg as never });
    const slot = this.slots.get(node);
    if (slot === undefined || slot.state === 'killed' || !slot.proc.alive) {
      this.o.journal({ type: 'drop', time: now, id: msg.id as number, from: client, to: node, reason: 'down' });
    } else {
      this.o.journal({ type: 'deliver', time: now, id: msg.id as number, from: client, to: node });
      slot.proc.write(msg);
    }
    return pending;
  }

  /** SIGKILLs `node` and waits until it is reaped; messages to it are dropped until `restart`. */
  async kill(node: string): Promise<void> {
    const s = this.slots.get(node);
    if (s === undefined || s.state === 'killed') return;
    s.state = 'killed';
    await s.proc.kill();
  }

  /** Starts a killed node again with a fresh `init` (same id, same working directory). */
  async restart(node: string): Promise<boolean> {
    const s = this.slots.get(node);
    if (s === undefined || s.state !== 'killed') return true;
    this.spawn(node);
    return this.initialize(node);
  }

  /** SIGSTOPs `node` (its stdin keeps filling, as a paused machine's socket buffers do). */
  pause(node: string): void {
    const s = this.slots.get(node);
    if (s === undefined || s.state !== 'up') return;
    s.state = 'paused';
    s.proc.signal('SIGSTOP');
  }

  /** SIGCONTs a paused node. */
  resume(node: string): void {
    const s = this.slots.get(node);
    if (s === undefined || s.state !== 'paused') return;
    s.state = 'up';
    s.proc.signal('SIGCONT');
  }

  /** Nodes currently killed or paused. */
  get downNodes(): { readonly killed: string[]; readonly paused: string[] } {
    const all = [...this.slots.values()];
    return { killed: all.filter((s) => s.state === 'killed').map((s) => s.id), paused: all.filter((s) => s.state === 'paused').map((s) => s.id) };
  }

  /** Ends every node (stdin closed, SIGTERM, SIGKILL after the grace period) and waits until all are reaped. */
  async stopAll(): Promise<void> {
    this.net.close();
    this.rpc.cancelAll();
    clearInterval(this.congestionTimer);
    await Promise.all(
      [...this.slots.values()].map(async (s) => {
        if (s.state === 'killed') return;
        s.state = 'stopping';
        const r = await s.proc.stop(this.o.termGraceMs);
        if (r.ignoredTerm) {
          this.o.diagnose({ kind: 'warning', node: s.id, message: `ignored SIGTERM at shutdown for ${this.o.termGraceMs} ms; killed with SIGKILL (exit on SIGTERM, or when stdin closes)` });
        }
      }),
    );
  }

  private spawn(id: string): void {
    const prev = this.slots.get(id);
    const starts = (prev?.starts ?? 0) + 1;
    const proc = new NodeProcess(id, this.o.argv, {
      cwd: this.o.cwd,
      maxLineBytes: this.o.limits.maxLineBytes,
      stderrTailBytes: this.o.limits.stderrTailBytes,
      stderrFile: join(this.o.outDir, `${id}.stderr.log`),
      stderrAppend: starts > 1,
      stderrFileBytes: this.o.limits.stderrFileBytes,
    }, {
      onLine: (text, line) => this.onLine(slot, text, line),
      onLongLine: (line, bytes) =>
        this.o.diagnose({ kind: 'protocol', node: id, line, message: `wrote a line of ${bytes}+ bytes, more than the ${this.o.limits.maxLineBytes} a message may have`, expected: `one JSON message per line, ${ENVELOPE_SHAPE}` }),
      onStderrCapped: (bytes) =>
        this.o.diagnose({ kind: 'warning', node: id, message: `wrote more than ${bytes} bytes to stderr; ${id}.stderr.log keeps the first ${bytes}, and diagnostics its last ${this.o.limits.stderrTailBytes}` }),
      onExit: (e) => this.onExit(slot, proc, e),
    });
    const slot: NodeSlot = prev ?? { id, proc, state: 'starting', starts, windowStart: 0, windowCount: 0, floodWarned: false };
    slot.proc = proc;
    slot.state = 'starting';
    slot.starts = starts;
    this.slots.set(id, slot);
    proc.start();
  }

  private async initialize(id: string): Promise<boolean> {
    const slot = this.slots.get(id) as NodeSlot;
    const proc = slot.proc;
    // A node that spoke the protocol before and fails to come back after a kill is a finding, not bad input.
    const kind = slot.starts > 1 ? 'finding' : 'protocol';
    const client = this.openClient();
    const expected = `{"src":"${id}","dest":"${client}","body":{"type":"init_ok","in_reply_to":1}} on its stdout`;
    const r = await this.call(client, id, initBody(1, id, this.o.nodes), this.o.initTimeoutMs, this.o.signal);
    if (slot.proc !== proc || proc.exit !== undefined) return false; // onExit has said why
    if (r.kind === 'timeout') {
      this.o.diagnose({ kind, node: id, message: `did not answer init within ${this.o.initTimeoutMs} ms${slot.starts > 1 ? ' after a restart' : ''}`, expected, stderrTail: proc.stderrTail() });
      return false;
    }
    if (r.kind !== 'reply') return false;
    if (r.msg.body.type !== 'init_ok') {
      this.o.diagnose({ kind, node: id, line: r.line, message: `answered init with type "${r.msg.body.type}"`, expected });
      return false;
    }
    const setup = this.o.setup?.(id);
    if (setup !== undefined) {
      const c = this.openClient();
      const s = await this.call(c, id, setup, this.o.initTimeoutMs, this.o.signal);
      if (slot.proc !== proc || proc.exit !== undefined || s.kind === 'aborted') return false;
      const want = this.o.setupReply ?? `${setup.type}_ok`;
      if (s.kind === 'timeout' || s.msg.body.type !== want) {
        const got = s.kind === 'timeout' ? `did not answer ${setup.type} within ${this.o.initTimeoutMs} ms` : `answered ${setup.type} with type "${s.msg.body.type}"`;
        this.o.diagnose({ kind, node: id, ...(s.kind === 'reply' ? { line: s.line } : {}), message: got, expected: `{"type":"${want}","in_reply_to":1} to ${c}` });
        return false;
      }
    }
    if (slot.state === 'starting') slot.state = 'up';
    return true;
  }

  private onLine(slot: NodeSlot, text: string, line: number): void {
    const parsed = parseNodeLine(text, slot.id);
    if (!parsed.ok) {
      this.o.diagnose({ kind: 'protocol', node: slot.id, line, message: parsed.problem, expected: ENVELOPE_SHAPE });
      return;
    }
    const msg = parsed.msg;
    this.countForFlood(slot);
    if (this.slots.has(msg.dest)) {
      this.net.send({ id: this.nextMsgId++, src: msg.src, dest: msg.dest, body: msg.body });
      this.checkCongestion(slot);
    } else if (this.o.services?.has(msg.dest) === true) {
      this.toService({ id: this.nextMsgId++, src: msg.src, dest: msg.dest, body: msg.body }, slot);
    } else if (isClientId(msg.dest)) {
      this.toClient({ id: this.nextMsgId++, src: msg.src, dest: msg.dest, body: msg.body }, slot, line);
      this.checkCongestion(slot);
    } else if (!this.warnedDest.has(`${slot.id}>${msg.dest}`)) {
      this.warnedDest.add(`${slot.id}>${msg.dest}`);
      this.o.diagnose({ kind: 'warning', node: slot.id, line, message: `sent a message to "${msg.dest}", which is not in this test (dropped; warned once)`, expected: `a "dest" among ${this.o.nodes.join(', ')}, a service (${[...(this.o.services?.keys() ?? [])].join(', ') || 'none'}) or a client c<k>` });
    }
  }

  /**
   * A request to a service: answered at once, as Maelstrom's services are not cut by partitions;
   * the reply goes to the node unless it is down by then. A message without msg_id gets no reply.
   */
  private toService(msg: Envelope, slot: NodeSlot): void {
    const now = this.o.now();
    this.serviceMessages++;
    this.o.journal({ type: 'send', time: now, id: msg.id as number, from: msg.src, to: msg.dest, msg: msg as never });
    this.o.journal({ type: 'deliver', time: now, id: msg.id as number, from: msg.src, to: msg.dest });
    const msgId = msg.body.msg_id;
    const body = (this.o.services?.get(msg.dest) as Service).handle(msg.src, msg.body, now);
    if (msgId === undefined) return;
    const reply: Envelope = { id: this.nextMsgId++, src: msg.dest, dest: msg.src, body: { ...body, msg_id: ++this.serviceMsgId, in_reply_to: msgId } };
    this.serviceMessages++;
    this.o.journal({ type: 'send', time: now, id: reply.id as number, from: reply.src, to: reply.dest, msg: reply as never });
    if (slot.state === 'killed' || !slot.proc.alive) {
      this.o.journal({ type: 'drop', time: now, id: reply.id as number, from: reply.src, to: reply.dest, reason: 'down' });
      return;
    }
    this.o.journal({ type: 'deliver', time: now, id: reply.id as number, from: reply.src, to: reply.dest });
    slot.proc.write(reply);
  }

  private toClient(msg: Envelope, slot: NodeSlot, line: number): void {
    const now = this.o.now();
    this.clientMessages++;
    this.o.journal({ type: 'send', time: now, id: msg.id as number, from: msg.src, to: msg.dest, msg: msg as never });
    this.o.journal({ type: 'deliver', time: now, id: msg.id as number, from: msg.src, to: msg.dest });
    const r = this.rpc.reply(msg, line);
    if (r === 'unknown') {
      const irt = msg.body.in_reply_to;
      this.o.diagnose({
        kind: 'warning',
        node: slot.id,
        line,
        message: irt === undefined ? `sent ${msg.dest} a "${msg.body.type}" without in_reply_to (ignored)` : `replied to ${msg.dest} with in_reply_to ${irt}, a msg_id ${msg.dest} never sent (ignored)`,
        expected: `"in_reply_to" equal to the "msg_id" of a request from ${msg.dest}`,
      });
    }
  }

  private onExit(slot: NodeSlot, proc: NodeProcess, e: { code: number | null; signal: string | null; error?: string }): void {
    if (slot.proc !== proc) return; // an earlier incarnation
    if (e.error !== undefined) {
      this.o.diagnose({ kind: 'protocol', node: '--bin', message: `cannot start ${JSON.stringify(this.o.argv.join(' '))}: ${e.error}` });
      this.rpc.cancelAll();
      return;
    }
    const how = e.signal !== null ? `was killed by ${e.signal}` : `exited with code ${e.code}`;
    if (slot.state === 'starting') {
      this.o.diagnose({ kind: slot.starts > 1 ? 'finding' : 'protocol', node: slot.id, message: `${how} before answering init${slot.starts > 1 ? ' after a restart' : ''} (after ${proc.lines} stdout lines)`, expected: `a process that stays up and answers {"type":"init_ok","in_reply_to":1}`, stderrTail: proc.stderrTail() });
      this.rpc.cancelAll();
    } else if (slot.state === 'up' || slot.state === 'paused') {
      this.o.diagnose({ kind: 'finding', node: slot.id, message: `crashed on its own: ${how} at ${(this.o.now() / 1e6).toFixed(2)} s (no fault killed it)`, stderrTail: proc.stderrTail() });
    }
  }

  private countForFlood(slot: NodeSlot): void {
    const now = this.o.now();
    if (now - slot.windowStart > 1e6) {
      slot.windowStart = now;
      slot.windowCount = 0;
    }
    if (++slot.windowCount > this.o.limits.floodPerSecond && !slot.floodWarned) {
      slot.floodWarned = true;
      this.o.diagnose({ kind: 'warning', node: slot.id, message: `wrote more than ${this.o.limits.floodPerSecond} messages in one second (flooding); the driver reads it only as fast as the network drains` });
    }
  }

  /** Stops reading every node's stdout while the network or a node's stdin is backed up. */
  private checkCongestion(slot: NodeSlot): void {
    if (this.congested || !this.backedUp(1)) return;
    this.congested = true;
    for (const s of this.slots.values()) s.proc.pauseReading();
    if (!slot.floodWarned) {
      slot.floodWarned = true;
      this.o.diagnose({ kind: 'warning', node: slot.id, message: `filled the network (${this.net.inFlight} messages in flight, ${this.maxBacklog()} bytes queued for one node); reading nodes' output paused until it drains` });
    }
    this.congestionTimer = setInterval(() => {
      if (this.backedUp(0.5)) return;
      clearInterval(this.congestionTimer);
      this.congested = false;
      for (const s of this.slots.values()) s.proc.resumeReading();
    }, 5);
  }

  private backedUp(fraction: number): boolean {
    return this.net.inFlight > this.o.limits.maxInFlight * fraction || this.maxBacklog() > this.o.limits.maxStdinBacklog * fraction;
  }

  private maxBacklog(): number {
    let m = 0;
    for (const s of this.slots.values()) m = Math.max(m, s.proc.stdinBacklog);
    return m;
  }
}
