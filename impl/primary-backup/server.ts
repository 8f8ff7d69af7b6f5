/**
 * A primary-backup server as an actor: dispatches messages and timers to the
 * normal-case and view-change halves of the protocol, and exposes a
 * read-only snapshot (`inspect`) for the abstraction function and invariants.
 */
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import type { Actor, ActorContext, NodeId } from '../actor.js';
import { asPbMsg, type Entry } from './messages.js';
import type { Status } from './durable-state.js';
import type { PbOptions } from './options.js';
import { Replica } from './replica.js';
import { advanceCommit, heartbeat, onPrepare, onPrepareOk, onRequest } from './normal-case.js';
import {
  onDoViewChange, onNeedState, onStaleView, onStartView, onStartViewChange, sendDoViewChange, sendStartView,
  startViewChange,
} from './view-change.js';

/** A read-only view of a server's protocol state. */
export interface PbSnapshot {
  readonly id: NodeId;
  readonly view: number;
  readonly status: Status;
  readonly lastNormal: number;
  /** The node's log (do not mutate). */
  readonly log: readonly Entry[];
  /** Length of the log prefix this node knows is committed. */
  readonly commit: number;
  /** Whether it is the primary of its view and has installed it. */
  readonly activePrimary: boolean;
}

/** A server of the primary-backup store. */
export class PbServer implements Actor {
  private r: Replica | undefined;

  /** Builds a server with the cluster's options. */
  constructor(private readonly opts: PbOptions) {}

  /** Loads durable state; an installed primary re-sends its log, everyone else waits for the primary. */
  onStart(ctx: ActorContext): void {
    const r = new Replica(ctx, this.opts);
    this.r = r;
    if (r.activePrimary) {
      for (const b of r.others()) sendStartView(r, b);
      ctx.setTimer('heartbeat', this.opts.heartbeatUs);
    } else if (r.d.status === 'view-change') {
      sendDoViewChange(r);
    }
    r.armElection();
  }

  /** Dispatches a message by type; foreign messages are ignored. */
  onMessage(_ctx: ActorContext, from: NodeId, raw: JsonValue): void {
    const r = this.r;
    const m = asPbMsg(raw);
    if (r === undefined || m === undefined) return;
    switch (m.type) {
      case 'request': return onRequest(r, from, m);
      case 'prepare': return onPrepare(r, from, m);
      case 'prepare-ok': return onPrepareOk(r, from, m);
      case 'need-state': return onNeedState(r, from, m);
      case 'stale-view': return onStaleView(r, from, m);
      case 'start-view-change': return onStartViewChange(r, from, m);
      case 'do-view-change': return onDoViewChange(r, from, m);
      case 'start-view': return onStartView(r, from, m);
      case 'reply':
      case 'redirect':
        return;
    }
  }

  /** Heartbeat and commit continuation (primary), election timeout (everyone else). */
  onTimer(_ctx: ActorContext, name: string): void {
    const r = this.r;
    if (r === undefined) return;
    if (name === 'heartbeat') heartbeat(r);
    else if (name === 'commit') advanceCommit(r);
    else if (name === 'election') {
      if (r.activePrimary) r.armElection();
      else startViewChange(r, r.d.view + 1, true);
    }
  }

  /** A read-only snapshot of the protocol state (undefined before `onStart`). */
  inspect(): PbSnapshot | undefined {
    const r = this.r;
    if (r === undefined) return undefined;
    return {
      id: r.ctx.self,
      view: r.d.view,
      status: r.d.status,
      lastNormal: r.d.lastNormal,
      log: r.d.log,
      commit: r.commit,
      activePrimary: r.activePrimary,
    };
  }

  /** Its applied key-value state (the first `commit` entries of its log), as a fresh record. */
  appliedKv(): Record<string, string> {
    return this.r?.machine.snapshot() ?? {};
  }
}

/** Builds the server factory of a cluster. */
export function pbServer(opts: PbOptions): (id: NodeId) => PbServer {
  return () => new PbServer(opts);
}
