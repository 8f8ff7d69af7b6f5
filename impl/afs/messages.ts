/**
 * The messages between cache managers (clients) and the file server.
 * Every server message carries the server's epoch (its incarnation number),
 * so a client learns that the server restarted from any answer or break.
 */

/** Client → server: fetch or validate a file; `have` is the cached version (`null`: none). */
export interface FetchMsg { readonly t: 'fetch'; readonly k: string; readonly have: number | null; readonly n: number }
/** Client → server: store a session's content. */
export interface StoreMsg { readonly t: 'store'; readonly k: string; readonly id: string; readonly data: string }
/** Client → server: a break (or lease recall) for `k` at version `v` arrived. */
export interface AckMsg { readonly t: 'ack'; readonly k: string; readonly v: number }

/** Server → client: the file's version, its data when the client's differs, and whether a promise was granted. */
export interface FetchedMsg { readonly t: 'fetched'; readonly k: string; readonly n: number; readonly v: number; readonly data: string | null; readonly promise: boolean; readonly epoch: number }
/** Server → client: the store committed as version `v`. */
export interface StoredMsg { readonly t: 'stored'; readonly id: string; readonly v: number; readonly promise: boolean; readonly epoch: number }
/** Server → client: the store cannot commit now (restart grace period); retry. */
export interface BusyMsg { readonly t: 'busy'; readonly id: string; readonly epoch: number }
/** Server → client: your promise on `k` is broken (a store made version `v`, or a lease is recalled for one). */
export interface BreakMsg { readonly t: 'break'; readonly k: string; readonly v: number; readonly epoch: number }

/** A Coda client modification log record: the latest content of a file the client stored while disconnected, the closes it stands for (superseded ones first) and the server version it was based on. */
export interface CmlRecord { readonly k: string; readonly ids: readonly string[]; readonly data: string; readonly base: number }
/** Client → server: is the server reachable (a disconnected Coda client probes)? */
export interface PingMsg { readonly t: 'ping' }
/** Client → server: replay a client modification log, all or nothing (one volume). */
export interface ReintegrateMsg { readonly t: 'reintegrate'; readonly rid: string; readonly records: readonly CmlRecord[] }

export type ToServer = FetchMsg | StoreMsg | AckMsg | PingMsg | ReintegrateMsg;
/** Server → client: the server restarted (a new epoch): every promise it granted is gone. */
export interface EpochMsg { readonly t: 'epoch'; readonly epoch: number }

/** Server → client: answer to a ping. */
export interface PongMsg { readonly t: 'pong'; readonly epoch: number }
/** Server → client: the reintegration `rid` committed every record (`versions` per file) or none (`conflicts`: files stored by someone else since the record's base). */
export interface ReintegratedMsg { readonly t: 'reintegrated'; readonly rid: string; readonly ok: boolean; readonly versions: Readonly<Record<string, number>>; readonly conflicts: readonly string[]; readonly epoch: number }

export type ToClient = FetchedMsg | StoredMsg | BusyMsg | BreakMsg | EpochMsg | PongMsg | ReintegratedMsg;
