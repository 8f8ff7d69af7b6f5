/**
 * Maelstrom's client side of an RPC (client.clj `send!`/`recv!`): each
 * client numbers its requests 1, 2, ... and waits for the reply whose
 * `in_reply_to` is the request's `msg_id`, up to a timeout. A reply that
 * comes after its request timed out is dropped silently, as Maelstrom does;
 * one to a `msg_id` the client never sent is reported.
 */
import type { Envelope } from './maelstrom-protocol.js';

/** What a client got for a request. */
export type RpcResult =
  | { readonly kind: 'reply'; readonly msg: Envelope; readonly line: number }
  | { readonly kind: 'timeout' }
  /** The test is ending (interrupted, or a node broke the protocol). */
  | { readonly kind: 'aborted' };

interface Pending {
  readonly resolve: (r: RpcResult) => void;
  readonly timer: NodeJS.Timeout;
  readonly onAbort: (() => void) | undefined;
  readonly signal: AbortSignal | undefined;
}

/** Outstanding requests of every client. */
export class RpcTable {
  private readonly issued = new Map<string, number>();
  private readonly pending = new Map<string, Pending>();

  /** The next msg_id of `client`. */
  issue(client: string): number {
    const id = (this.issued.get(client) ?? 0) + 1;
    this.issued.set(client, id);
    return id;
  }

  /** Waits for the reply to request `msgId` of `client`. */
  wait(client: string, msgId: number, timeoutMs: number, signal?: AbortSignal): Promise<RpcResult> {
    const key = `${client}:${msgId}`;
    return new Promise((resolve) => {
      if (signal?.aborted === true) return resolve({ kind: 'aborted' });
      const onAbort = signal === undefined ? undefined : () => this.settle(key, { kind: 'aborted' });
      const timer = setTimeout(() => this.settle(key, { kind: 'timeout' }), timeoutMs);
      this.pending.set(key, { resolve, timer, onAbort, signal });
      if (onAbort !== undefined) signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Hands a message addressed to a client to its waiting request: matched, late (timed out), or unknown. */
  reply(msg: Envelope, line: number): 'matched' | 'late' | 'unknown' {
    const irt = msg.body.in_reply_to;
    if (irt === undefined) return 'unknown';
    const key = `${msg.dest}:${irt}`;
    if (this.pending.has(key)) {
      this.settle(key, { kind: 'reply', msg, line });
      return 'matched';
    }
    return irt >= 1 && irt <= (this.issued.get(msg.dest) ?? 0) ? 'late' : 'unknown';
  }

  /** Ends every outstanding request as aborted. */
  cancelAll(): void {
    for (const key of [...this.pending.keys()]) this.settle(key, { kind: 'aborted' });
  }

  private settle(key: string, r: RpcResult): void {
    const p = this.pending.get(key);
    if (p === undefined) return;
    this.pending.delete(key);
    clearTimeout(p.timer);
    if (p.onAbort !== undefined) p.signal?.removeEventListener('abort', p.onAbort);
    p.resolve(r);
  }
}
