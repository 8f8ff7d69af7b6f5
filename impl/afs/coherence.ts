/**
 * What the AFS implementation must keep true, over the whole system's state,
 * after Wing and Vaziri-Farahani's model-checked AFS cache-coherence
 * protocols (FSE 1995) — and the run's ghost record of store commits.
 *
 * - `promiseKnown`: if a client believes its cached copy is valid (a
 *   promise it has not seen end, on the version it caches), the server
 *   believes so too (it holds that client's promise on that version, and the
 *   file is still at it), or a break for it is on its way and being retried
 *   until acknowledged or until the promise expires, or the server restarted
 *   and, in its grace period, treats every earlier promise as live (no store
 *   commits until they have run out). While the server is down nothing can
 *   commit, so nothing is judged.
 * - `servedWithinBound`: a client never serves (opens) a copy older than the
 *   variant's bound allows: when it serves version v of a file, version v+1
 *   was not committed Δ or more before.
 * - the publication log: every commit the server reported (observation
 *   `publish`) stamped with the virtual time of the step that made it, for
 *   the history check; versions of a file must follow 1, 2, … .
 */
import type { NodeId, StepObservation } from '../actor.js';
import type { Publication } from '../../spec/afs/session-check.js';
import { fileOf } from '../../spec/afs/file-service.js';
import { CacheManager } from './client.js';
import { FileServer } from './server.js';

/** The parts of the harness's world view these checks read. */
export interface AfsView {
  readonly time: number;
  readonly servers: readonly NodeId[];
  readonly clients: readonly NodeId[];
  server(id: NodeId): unknown;
  client(id: NodeId): unknown;
  readonly stepObservations?: readonly StepObservation[];
}

const logs = new WeakMap<object, Publication[]>();

/** The commits recorded so far in the run `view` belongs to (undefined: the log never ran). */
export function publicationsOf(view: object): readonly Publication[] | undefined {
  return logs.get(view);
}

/** Records the commits of the step just run with its virtual time; returns what is wrong with them, if anything. */
export function recordPublications(view: AfsView): string | undefined {
  let log = logs.get(view);
  if (log === undefined) logs.set(view, (log = []));
  for (const o of view.stepObservations ?? []) {
    if (o.name !== 'publish') continue;
    const d = o.detail as { key: string; v: number; data: string; req: string; ids?: string[]; base?: number };
    const prev = log.filter((p) => p.key === d.key).length;
    log.push({ key: d.key, v: d.v, data: d.data, req: d.req, at: view.time, ...(d.ids === undefined ? {} : { ids: d.ids }), ...(d.base === undefined ? {} : { base: d.base }) });
    if (d.v !== prev + 1) return `${o.node} committed version ${d.v} of ${JSON.stringify(d.key)} after version ${prev}`;
  }
  return undefined;
}

/** The file server of `view`, or undefined while it is down. */
export function serverOf(view: AfsView): FileServer | undefined {
  const s = view.server(view.servers[0] ?? 'n1');
  return s instanceof FileServer ? s : undefined;
}

/** The promise-coherence invariant; returns the first violation. */
export function promiseKnown(view: AfsView): string | undefined {
  const server = serverOf(view);
  if (server === undefined) return undefined;
  for (const c of view.clients) {
    const cm = view.client(c);
    if (!(cm instanceof CacheManager)) continue;
    for (const key of [...cm.promises.keys()]) {
      const p = cm.trusts(key);
      if (p === undefined) continue;
      const file = fileOf(server.files, key);
      const grant = server.grants.get(key)?.get(c);
      if (grant !== undefined && grant.v === p.v && file.v === p.v) continue;
      if (server.breaks.has(`${c}\u0000${key}`)) continue;
      if (server.graceUntil > 0 && file.v === p.v) continue;
      const g = grant === undefined ? 'holds no promise for it' : `holds its promise on version ${grant.v}`;
      return `${c} trusts its copy of ${JSON.stringify(key)} (version ${p.v}) but the server, at version ${file.v}, ${g}, has no break on its way to it and is not in a restart grace period`;
    }
  }
  return undefined;
}

/**
 * The served-within-bound invariant for the opens of the step just run; returns the first violation.
 * An open served now was invoked `waitedUs` of the client's clock ago, at most waitedUs/(1−ρ) of
 * virtual time: the check holds the version to the bound from that earliest possible invocation.
 */
export function servedWithinBound(view: AfsView, deltaUs: number, maxDrift: number): string | undefined {
  const log = logs.get(view) ?? [];
  for (const o of view.stepObservations ?? []) {
    if (o.name !== 'served') continue;
    const d = o.detail as { key: string; v: number; waitedUs: number };
    const next = log.find((p) => p.key === d.key && p.v === d.v + 1);
    if (next !== undefined && next.at <= view.time - d.waitedUs / (1 - maxDrift) - deltaUs) {
      return `${o.node} served version ${d.v} of ${JSON.stringify(d.key)}, but version ${next.v} was committed ${((view.time - next.at) / 1000).toFixed(3)} ms earlier, the open waited ${(d.waitedUs / 1000).toFixed(3)} ms (bound Δ = ${(deltaUs / 1000).toFixed(3)} ms)`;
    }
  }
  return undefined;
}
