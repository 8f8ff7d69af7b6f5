/**
 * A Maelstrom service: a named endpoint (`lin-kv`, `seq-kv`, `lww-kv`,
 * `lin-tso`) that nodes send requests to like to any node, answered by the
 * driver itself. Requests and replies are Maelstrom's bodies; the cluster
 * adds `msg_id` and `in_reply_to`.
 */
import type { Body } from '../maelstrom-protocol.js';

/** One service. */
export interface Service {
  readonly name: string;
  /** The reply to `body` from node `from` at `nowUs` µs into the test (without msg_id / in_reply_to). */
  handle(from: string, body: Body, nowUs: number): Body;
}

/** Maelstrom's error body: 10 not-supported, 12 malformed-request, 20 key-does-not-exist, 22 precondition-failed. */
export const errorBody = (code: number, text: string): Body => ({ type: 'error', code, text });
