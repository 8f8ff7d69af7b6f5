/**
 * The ideal system's single atomic copy of a sequential spec's state (Herlihy
 * & Wing's atomic object): every request takes effect at once, exactly once —
 * a request id seen before gets the first answer again. It lives outside the
 * failure model, so no crash or disk loss can touch it; that is what makes
 * the ideal system a check of the harness rather than of an implementation.
 */
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import type { Input, Model } from '../../spec/model.js';
import type { ClientRequest } from '../actor.js';

/** An answer: `ok` with the result, or `fail` (the request surely had no effect). */
export type Answer = { readonly ok: true; readonly value: JsonValue } | { readonly ok: false };

/** How the spec answers a request in a state; the next state comes from `model.step`. */
export type Respond<S> = (s: S, input: Input) => Answer;

/** The answers of a key-value store (spec/kv.ts): reads return the value, writes echo their input. */
export function respondKv(s: Readonly<Record<string, string>>, input: Input): Answer {
  return input.f === 'get' ? { ok: true, value: s[input.key ?? ''] ?? '' } : { ok: true, value: input.value };
}

/** One atomic object: the current state and the answers already given, by request id. */
export class AtomicObject<S> {
  private current: S;
  private readonly answers = new Map<string, Answer>();

  constructor(private readonly model: Model<S>, private readonly respond: Respond<S>) {
    this.current = model.init();
  }

  /** The current state. */
  get state(): S {
    return this.current;
  }

  /** Applies `req` once (a repeated id returns the first answer and changes nothing). */
  apply(req: ClientRequest): Answer {
    const seen = this.answers.get(req.id);
    if (seen !== undefined) return seen;
    const input: Input = { f: req.f, key: req.key, value: req.value };
    const answer = this.respond(this.current, input);
    if (answer.ok) this.current = this.model.step(this.current, input, answer.value).next;
    this.answers.set(req.id, answer);
    return answer;
  }
}
