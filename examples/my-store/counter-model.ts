/**
 * A sequential model of our own for `quorate check --model`: a counter that
 * `add` raises by its value and `read` returns. An indeterminate read
 * (output undefined) is legal in every state.
 */
import type { Model } from 'quorate';

const counter: Model<number> = {
  name: 'counter',
  operations: ['add', 'read'],
  init: () => 0,
  step: (s, input, output) =>
    input.f === 'add'
      ? { legal: true, next: s + Number(input.value) }
      : { legal: input.f === 'read' && (output === undefined || output === s), next: s },
  hash: (s) => s | 0,
  equal: (a, b) => a === b,
  isReadOnly: (input) => input.f === 'read',
  describe: (op) => (op.f === 'add' ? `add ${JSON.stringify(op.input)}` : `read -> ${JSON.stringify(op.output ?? null)}`),
  showState: (s) => String(s),
};

export default counter;
