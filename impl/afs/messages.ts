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

export type ToServer = FetchMsg | StoreMsg | AckMsg;
/** Server → client: the server restarted (a new epoch): every promise it granted is gone. */
export interface EpochMsg { readonly t: 'epoch'; readonly epoch: number }

export type ToClient = FetchedMsg | StoredMsg | BusyMsg | BreakMsg | EpochMsg;
