/**
 * A server's durable "hard state" besides the log: current term, the vote
 * given in it, and its membership status (voter or learner). Every setter
 * writes through, so a reply sent after it is backed by stable storage.
 */
import type { Durable, NodeId } from '../actor.js';
import type { JsonValue } from '../../traces/schema/trace-v1.js';

/** Whether a server may vote and count toward quorums. */
export type Membership = 'voter' | 'learner';

interface Stored {
  term: number;
  votedFor: NodeId | null;
  member: Membership;
}

const KEY = 'hard';

/** Durable term / vote / membership (see the file comment). */
export class HardState {
  term = 0;
  votedFor: NodeId | null = null;
  member: Membership = 'learner';
  /** Whether storage held nothing at start (a brand-new node, or one that lost its disk). */
  readonly wasEmpty: boolean;

  constructor(private readonly disk: Durable) {
    const s = disk.get(KEY) as Stored | undefined;
    this.wasEmpty = disk.keys().length === 0;
    if (s !== undefined) {
      this.term = s.term;
      this.votedFor = s.votedFor;
      this.member = s.member;
    }
  }

  /** Set and persist all three fields. */
  save(term: number, votedFor: NodeId | null, member: Membership = this.member): void {
    this.term = term;
    this.votedFor = votedFor;
    this.member = member;
    this.disk.put(KEY, { term, votedFor, member } satisfies Stored as unknown as JsonValue);
  }
}
