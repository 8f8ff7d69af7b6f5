/**
 * The workload driver: runs each client slot's operation list sequentially
 * against the world. For every logical request it waits the think time,
 * appends an `invoke` event to the trace, hands the request to the client
 * actor, and on completion appends `ok` / `fail` / `info`. After `info` the
 * slot continues under a fresh process id, since the indeterminate operation
 * stays open forever (DESIGN.md, "Trace format": one open op per process).
 *
 * The session of an operation is its client: it survives the new processes
 * `info` gives it. A crashed client (nemesis `crash-client`) loses what it
 * remembered of its session, so from its crash on it runs a new session
 * (`c2~1`, `c2~2`, …); while it is down the slot waits, retrying every
 * `DOWN_RETRY_US` of virtual time, and goes on once the client restarts; the
 * workload is not done while a client is down.
 */
import type { ClientOutcome, NodeId } from '../../impl/actor.js';
import type { JsonValue, OpEvent, ProcessId } from '../../traces/schema/trace-v1.js';
import type { World } from '../sim/types.js';
import type { WorkloadOp } from '../subsystems/descriptor.js';

/** How long a slot whose client is down waits before trying again, µs. */
export const DOWN_RETRY_US = 10_000;

/** One logical request as the driver saw it. */
export interface OpRecord {
  /** Index in invocation order. */
  readonly index: number;
  readonly process: ProcessId;
  readonly client: NodeId;
  /** The client session: the client's name, suffixed `~k` after its k-th crash. */
  readonly session: string;
  readonly requestId: string;
  readonly f: string;
  readonly key: string | undefined;
  readonly input: JsonValue;
  readonly invokeTime: number;
  /** Position of the invoke among all op events. */
  readonly invokePos: number;
  status: 'open' | 'ok' | 'fail' | 'info';
  /** Set when the request ended `info` because its own client crashed while it was open. */
  cutByCrash?: true;
  output: JsonValue | undefined;
  completeTime: number | undefined;
  completePos: number | undefined;
}

/** Drives the client slots of one run. */
export class WorkloadDriver {
  /** Every logical request invoked so far, in invocation order. */
  readonly records: OpRecord[] = [];
  private events = 0;
  private nextProcess: number;
  private active: number;
  /** Requests each client has been handed so far (request ids stay unique across phases). */
  private readonly issued = new Map<NodeId, number>();

  constructor(
    private readonly world: World,
    private readonly clients: readonly NodeId[],
    private readonly workload: readonly (readonly WorkloadOp[])[],
    private onAllDone: () => void,
  ) {
    this.nextProcess = clients.length;
    this.active = 0;
  }

  /**
   * Runs one more phase once the workload has ended (e.g. the final reads after the quiet period):
   * slot i's list runs on client i as a new process; `done` is called when every list has ended.
   */
  runPhase(workload: readonly (readonly WorkloadOp[])[], done: () => void): void {
    this.onAllDone = done;
    this.clients.forEach((client, slot) => {
      const ops = workload[slot] ?? [];
      if (ops.length === 0) return;
      this.active++;
      this.schedule(slot, client, this.nextProcess++, ops, 0);
    });
    if (this.active === 0) done();
  }

  /** Schedules the first operation of every slot (slot i runs on client i, as process i). */
  start(): void {
    this.clients.forEach((client, slot) => {
      const ops = this.workload[slot] ?? [];
      if (ops.length === 0) return;
      this.active++;
      this.schedule(slot, client, slot, ops, 0);
    });
    if (this.active === 0) this.onAllDone();
  }

  /**
   * Ends the phase once every client is up again: a client crashed after its last request is
   * restarted (by a restart event or the final heal) before the run's end-of-run checks read the
   * clients' final state.
   */
  private finish(): void {
    if (this.clients.every((c) => this.world.isUp(c))) this.onAllDone();
    else this.world.at(this.world.time + DOWN_RETRY_US, () => this.finish());
  }

  /** Records not completed yet (open), in invocation order. */
  open(): OpRecord[] {
    return this.records.filter((r) => r.status === 'open');
  }

  private schedule(slot: number, client: NodeId, process: ProcessId, ops: readonly WorkloadOp[], i: number): void {
    const op = ops[i];
    if (op === undefined) {
      if (--this.active === 0) this.finish();
      return;
    }
    this.world.at(this.world.time + op.thinkUs, () => this.invoke(slot, client, process, ops, i, op));
  }

  private invoke(slot: number, client: NodeId, process: ProcessId, ops: readonly WorkloadOp[], i: number, op: WorkloadOp): void {
    if (!this.world.isUp(client)) {
      this.world.at(this.world.time + DOWN_RETRY_US, () => this.invoke(slot, client, process, ops, i, op));
      return;
    }
    const n = (this.issued.get(client) ?? 0) + 1;
    this.issued.set(client, n);
    const k = this.world.crashes(client);
    const rec: OpRecord = {
      index: this.records.length, process, client, session: k === 0 ? client : `${client}~${k}`, requestId: `${client}:${n}`, f: op.f, key: op.key,
      input: op.value, invokeTime: this.world.time, invokePos: this.events, status: 'open',
      output: undefined, completeTime: undefined, completePos: undefined,
    };
    this.records.push(rec);
    this.emit('invoke', rec, op.value);
    const req = { id: rec.requestId, f: op.f, key: op.key, value: op.value };
    this.world.request(client, req, (outcome: ClientOutcome) => {
      rec.status = outcome.type;
      // A live client always answers; an outcome handed over while it is down is the world ending
      // its open request at its crash.
      if (!this.world.isUp(client)) rec.cutByCrash = true;
      rec.completeTime = this.world.time;
      rec.completePos = this.events;
      if (outcome.type === 'ok') rec.output = outcome.value;
      this.emit(outcome.type, rec, outcome.type === 'ok' ? outcome.value : op.value);
      const next = outcome.type === 'info' ? this.nextProcess++ : process;
      this.schedule(slot, client, next, ops, i + 1);
    });
  }

  private emit(type: OpEvent['type'], rec: OpRecord, value: JsonValue): void {
    // The session is the client: it outlives the new process an `info` gives it, and a trace read back by
    // `quorate check` must split sessions as the run's own history check did.
    const e: OpEvent = { type, process: rec.process, session: rec.session, f: rec.f, value, time: this.world.time, node: rec.client };
    if (rec.key !== undefined) e.key = rec.key;
    this.events++;
    this.world.note(e);
  }
}
