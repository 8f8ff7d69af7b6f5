/**
 * Maelstrom's `echo` workload (workload/echo.clj): a client sends
 * `{type: "echo", echo: V}` and expects `{type: "echo_ok", echo: V}` back;
 * the checker wants every reply to carry exactly what was sent.
 */
import { jsonEqual } from '../../../spec/json-value.js';
import { type Workload, describePair, expectType, pairOps } from '../workload.js';

/** A fresh echo workload. */
export const createEchoWorkload = (): Workload => ({
  name: 'echo',
  description: 'echo: every echo_ok carries back exactly the payload sent',
  next: (rng) => ({ f: 'echo', value: `Please echo ${rng.nextInt(0, 127)}` }),
  request: (op) => ({ type: 'echo', echo: op.value }),
  complete(_op, reply) {
    const bad = expectType(reply, 'echo_ok', ',"echo":<the payload sent>');
    if (bad !== undefined) return bad;
    if (!('echo' in reply)) return { type: 'malformed', expected: '{"type":"echo_ok","in_reply_to":<msg_id>,"echo":<the payload sent>}' };
    return { type: 'ok', value: reply['echo'] ?? null };
  },
  idempotent: new Set(),
  timeoutMs: () => 5000,
  async check({ events }) {
    const pairs = pairOps(events);
    const wrong = pairs.filter((p) => p.complete?.type === 'ok' && !jsonEqual(p.complete.value ?? null, p.invoke.value ?? null));
    const ok = pairs.filter((p) => p.complete?.type === 'ok').length;
    if (wrong.length === 0) return { valid: true, detail: `${ok} echoes came back unchanged` };
    return {
      valid: false,
      detail: `${wrong.length} of ${ok} echoes came back changed`,
      witness: wrong.slice(0, 5).map((p) => `${describePair(p)}: sent ${JSON.stringify(p.invoke.value)}, got back ${JSON.stringify(p.complete?.value)}`),
    };
  },
});
