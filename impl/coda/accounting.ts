/**
 * The run's record of Coda's reported closures (observation `closure`,
 * stamped per run like the commit log), the clients' final logs, and the
 * reintegration invariant: a replayed record commits only on its base.
 */
import type { DisconnectedAccount } from '../../spec/coda/disconnected.js';
import type { AfsView } from '../afs/coherence.js';
import { CodaClient } from './client.js';

const closures = new WeakMap<object, string[]>();

/** Records the closures reported in the step just run. */
export function recordClosures(view: AfsView): undefined {
  let list = closures.get(view);
  if (list === undefined) closures.set(view, (list = []));
  for (const o of view.stepObservations ?? []) if (o.name === 'closure') list.push(...((o.detail as { ids: string[] }).ids));
  return undefined;
}

/** The accounting inputs at the end of a run (undefined when a client is down or the closure log never ran). */
export function accountOf(view: AfsView): DisconnectedAccount | undefined {
  const reported = closures.get(view);
  if (reported === undefined) return undefined;
  const logged: string[] = [];
  for (const c of view.clients) {
    const cm = view.client(c);
    if (!(cm instanceof CodaClient)) return undefined;
    logged.push(...cm.loggedIds());
  }
  return { closures: reported, logged };
}

/** A reintegrated record committed in the step just run must have found its file at its base version. */
export function replayOnBase(view: AfsView): string | undefined {
  for (const o of view.stepObservations ?? []) {
    if (o.name !== 'publish') continue;
    const d = o.detail as { key: string; v: number; base?: number; ids?: string[] };
    if (d.base !== undefined && d.v !== d.base + 1) {
      return `a reintegration of ${JSON.stringify(d.key)} based on version ${d.base} committed version ${d.v}: the store(s) made meanwhile were overwritten without a conflict (closes ${(d.ids ?? []).join(', ')})`;
    }
  }
  return undefined;
}
