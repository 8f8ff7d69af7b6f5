/**
 * Wire messages of the primary-backup store, a tagged union on `type`
 * (Viewstamped Replication, Liskov & Cowling 2012, §4: Prepare/PrepareOK,
 * StartViewChange/DoViewChange/StartView), plus the client request/reply.
 */
import type { JsonValue } from '../../traces/schema/trace-v1.js';

/** A write as sequenced in the log: who asked (session + sequence number for deduplication) and what. */
export interface LogOp {
  /** Client session id (stable across retries). */
  readonly client: string;
  /** Per-session sequence number; a retry reuses it. */
  readonly seq: number;
  /** The client node to answer, and the logical request id. */
  readonly from: string;
  readonly id: string;
  readonly f: 'put' | 'append';
  readonly key: string;
  readonly value: string;
}

/** A log entry: the op and the view in which a primary sequenced it. */
export interface Entry {
  readonly view: number;
  readonly op: LogOp;
}

/** Client → server. */
export interface RequestMsg {
  readonly type: 'request';
  readonly id: string;
  readonly client: string;
  readonly seq: number;
  readonly f: 'get' | 'put' | 'append';
  readonly key: string;
  readonly value: string;
}

/** Server → client: the result. */
export interface ReplyMsg {
  readonly type: 'reply';
  readonly id: string;
  readonly value: string;
}

/** Server → client: not the (active) primary; `primary` is a hint. */
export interface RedirectMsg {
  readonly type: 'redirect';
  readonly id: string;
  readonly view: number;
  readonly primary: string | null;
}

/** Primary → backup: log entries from index `start`, the commit point, and a round number for read confirmation. */
export interface PrepareMsg {
  readonly type: 'prepare';
  readonly view: number;
  readonly start: number;
  readonly entries: readonly Entry[];
  readonly commit: number;
  readonly round: number;
}

/** Backup → primary: I am in `view` and hold `length` entries of your log. */
export interface PrepareOkMsg {
  readonly type: 'prepare-ok';
  readonly view: number;
  readonly length: number;
  readonly round: number;
}

/** Backup → primary: I am in `view` but have not installed its log yet; send StartView. */
export interface NeedStateMsg {
  readonly type: 'need-state';
  readonly view: number;
}

/** Any server → sender of an old-view message: the view has moved on to `view`. */
export interface StaleViewMsg {
  readonly type: 'stale-view';
  readonly view: number;
}

/** A node that suspects the primary announces view `view`. */
export interface StartViewChangeMsg {
  readonly type: 'start-view-change';
  readonly view: number;
}

/** A node in view change sends its log to the primary of `view`. */
export interface DoViewChangeMsg {
  readonly type: 'do-view-change';
  readonly view: number;
  readonly log: readonly Entry[];
  readonly lastNormal: number;
  readonly commit: number;
}

/** The new primary installs its merged log at the backups. */
export interface StartViewMsg {
  readonly type: 'start-view';
  readonly view: number;
  readonly log: readonly Entry[];
  readonly commit: number;
  readonly round: number;
}

/** Any message of this store. */
export type PbMsg =
  | RequestMsg
  | ReplyMsg
  | RedirectMsg
  | PrepareMsg
  | PrepareOkMsg
  | NeedStateMsg
  | StaleViewMsg
  | StartViewChangeMsg
  | DoViewChangeMsg
  | StartViewMsg;

const TYPES = new Set<string>([
  'request', 'reply', 'redirect', 'prepare', 'prepare-ok', 'need-state', 'stale-view',
  'start-view-change', 'do-view-change', 'start-view',
]);

/** Reads a received JSON value as a message of this store, or undefined when it is not one. */
export function asPbMsg(v: JsonValue): PbMsg | undefined {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const t = v['type'];
  return typeof t === 'string' && TYPES.has(t) ? (v as unknown as PbMsg) : undefined;
}

/** Converts a message to the JSON the context sends. */
export function toJson(m: PbMsg): JsonValue {
  return m as unknown as JsonValue;
}

/** Whether two entries are the same (the same op sequenced in the same view). */
export function sameEntry(a: Entry, b: Entry): boolean {
  return a === b || (a.view === b.view && a.op.client === b.op.client && a.op.seq === b.op.seq && a.op.id === b.op.id);
}
