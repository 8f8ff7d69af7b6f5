/**
 * Coda's disconnected operation (Kistler and Satyanarayanan, ACM TOCS 1992)
 * as a spec on top of the AFS file service (spec/afs): what a client may
 * observe while it cannot reach the server, and what reintegration must
 * preserve.
 *
 * While connected, a Coda client is an AFS callback client: its opens obey
 * session semantics within the callback bound Δ. While disconnected:
 * - an open of a file the client has cached is served from the cache and
 *   marked `emulated`: it returns a version that was committed at some time
 *   before (no freshness bound — availability is bought with staleness), or,
 *   marked `local`, the content of one of the client's own closes logged
 *   while disconnected; an open of a file not cached fails;
 * - reads see the session's view, as always;
 * - a close after writes completes `{ v: null, logged: true }`: its update is
 *   in the client's modification log, to be published by reintegration.
 *
 * Reintegration must preserve every update (the accounting):
 * - every logged close ends up in exactly one of: committed by a
 *   reintegration (alone, or as a close its later close of the same file
 *   superseded in the log — the record names them all), a closure the client
 *   was told about (a conflict aborted the replay and kept the log), or still
 *   in the client's log when the run ended;
 * - a reintegrated record commits only on the version it was based on
 *   (`v = base + 1`): a store someone made meanwhile is a conflict, never
 *   silently overwritten;
 * - what it commits is exactly the content of the record's last close.
 * The check is spec/afs's session check with these rules switched on.
 */
import { checkSessionSemantics, type DisconnectedAccount, type FileOp, type Publication, type SessionVerdict } from '../afs/session-check.js';

export type { DisconnectedAccount } from '../afs/session-check.js';

/** Checks a Coda history: session semantics within `deltaUs` while connected, and the disconnected rules and accounting above. */
export function checkDisconnectedSessions(ops: readonly FileOp[], publications: readonly Publication[] | undefined, deltaUs: number, account: DisconnectedAccount | undefined): SessionVerdict {
  if (account === undefined) return { verdict: 'unknown', reason: 'reintegration accounting: the clients\' final logs and reported closures are not known' };
  return checkSessionSemantics(ops, publications, deltaUs, account);
}
