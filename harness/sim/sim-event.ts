/**
 * The entries of the world's event queue. One class with a `kind` tag (not a
 * union of shapes) keeps the hot loop monomorphic: a message delivery, a
 * timer firing, or a harness callback scheduled with `World.at`.
 */

/** Deliver message `id` from node `from` to node `node`; `data` is the message. */
export const DELIVER = 0;
/** Fire timer `data` (its name) on `node` if generation `gen` is still armed. */
export const TIMER = 1;
/** Run the harness callback `data`. */
export const CALLBACK = 2;

/** One scheduled event; node and from are node indices, not names. */
export class SimEvent {
  /** Builds an event; unused fields are -1 / undefined. */
  constructor(
    public kind: number,
    public node: number,
    public from: number,
    public id: number,
    public gen: number,
    public data: unknown,
  ) {}
}
