/**
 * What a replica keeps on disk, and how: the view number, whether the view
 * was entered normally, the last normal view (VR's "latest normal view"),
 * and the log, one key per entry (append = one write, like a WAL). The commit
 * point and the applied state are volatile: they are recomputed from the log
 * and the current primary after a restart.
 */
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import type { Durable } from '../actor.js';
import type { Entry } from './messages.js';

/** Replica status: serving in `view`, or collecting/awaiting the log of `view`. */
export type Status = 'normal' | 'view-change';

/** The replica state that survives a crash. */
export interface DurableState {
  view: number;
  status: Status;
  lastNormal: number;
  log: Entry[];
}

const num = (v: JsonValue | undefined): number => (typeof v === 'number' ? v : 0);

/** Loads the durable state (a fresh disk is view 0, normal, empty log). */
export function loadState(d: Durable): DurableState {
  const length = num(d.get('log-length'));
  const log: Entry[] = [];
  for (let i = 0; i < length; i++) log.push(d.get(`e${i}`) as unknown as Entry);
  const status = d.get('status') === 'view-change' ? 'view-change' : 'normal';
  return { view: num(d.get('view')), status, lastNormal: num(d.get('last-normal')), log };
}

/** Persists view, status and last normal view (before any message that depends on them is sent). */
export function saveView(d: Durable, s: DurableState): void {
  d.put('view', s.view);
  d.put('status', s.status);
  d.put('last-normal', s.lastNormal);
}

/** Persists entries `from..` of the log and its length. */
export function saveLog(d: Durable, s: DurableState, from: number): void {
  for (let i = from; i < s.log.length; i++) d.put(`e${i}`, s.log[i] as unknown as JsonValue);
  const old = num(d.get('log-length'));
  for (let i = s.log.length; i < old; i++) d.delete(`e${i}`);
  d.put('log-length', s.log.length);
}

/** Index of the first entry where `a` and `b` differ (= the length of their common prefix). */
export function commonPrefix(a: readonly Entry[], b: readonly Entry[], same: (x: Entry, y: Entry) => boolean): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && same(a[i] as Entry, b[i] as Entry)) i++;
  return i;
}
