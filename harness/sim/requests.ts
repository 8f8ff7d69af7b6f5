/**
 * Open client requests. `World.request` opens one; the client's
 * `ctx.complete` closes it exactly once (a second completion is an
 * implementation bug and throws). Completions are queued and handed to their
 * `done` callbacks after the step that made them, never inside the handler,
 * so a callback may start the client's next request without re-entering it.
 */
import type { ClientOutcome, NodeId } from '../../impl/actor.js';

/** Called with a request's outcome. */
export type Done = (outcome: ClientOutcome) => void;

/** The open requests of every client node (by node index). */
export class RequestBook {
  private readonly open: (Map<string, Done> | undefined)[];
  private completions: [Done, ClientOutcome][] = [];

  /** A book for nodes `names`, of which those at index `firstClient` and beyond are clients. */
  constructor(private readonly names: readonly NodeId[], firstClient: number) {
    this.open = names.map((_, i) => (i >= firstClient ? new Map<string, Done>() : undefined));
  }

  /** Opens request `id` on client node `node`; throws if `node` is a server or `id` is already open. */
  add(node: number, id: string, done: Done): void {
    const open = this.open[node];
    const name = this.names[node] as NodeId;
    if (open === undefined) throw new Error(`World.request: "${name}" is a server, not a client`);
    if (open.has(id)) throw new Error(`World.request: request "${id}" is already open on client "${name}"`);
    open.set(id, done);
  }

  /** Closes request `id` of `node` with `outcome`; its `done` runs at the next `flush`. */
  complete(node: number, id: string, outcome: ClientOutcome): void {
    const open = this.open[node];
    const done = open?.get(id);
    if (open === undefined || done === undefined) {
      throw new Error(
        `client "${this.names[node]}" completed request "${id}", which is not open ` +
          '(completed twice, or never requested): an implementation bug',
      );
    }
    open.delete(id);
    this.completions.push([done, outcome]);
  }

  /** Forgets the open requests of a crashed node (they end as `info` in the history). */
  forget(node: number): void {
    this.open[node]?.clear();
  }

  /** Ends the open requests of a crashed client as `info` (in the order they were opened); they run at the next `flush`. */
  abandon(node: number): void {
    const open = this.open[node];
    if (open === undefined) return;
    for (const done of open.values()) this.completions.push([done, { type: 'info' }]);
    open.clear();
  }

  /** Whether completions are waiting for `flush`. */
  get waiting(): boolean {
    return this.completions.length !== 0;
  }

  /** Hands every queued completion to its `done`, in completion order. */
  flush(): void {
    const list = this.completions;
    this.completions = [];
    for (const [done, outcome] of list) done(outcome);
  }
}
