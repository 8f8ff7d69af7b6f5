/**
 * Sequential specification of a read/write/compare-and-set register, the
 * model of Jepsen's etcd and Knossos's cas-register. The register starts as
 * `null`. With `key`, a history is a set of independent registers, one per key.
 */
import type { JsonValue } from '../traces/schema/trace-v1.js';
import type { Operation } from '../traces/history.js';
import { type Model, partitionByKey } from './model.js';
import { jsonEqual, jsonHash, showJson } from './json-value.js';

/** The register's state: its current value. */
export type RegisterState = JsonValue;

/** A read: `read`, or `final-read` (a read after the quiet period, which eventual consistency judges). */
const isRead = (f: string): boolean => f === 'read' || f === 'final-read';

/** The operations a register has (validate() is called twice per operation of a history: no new array each time). */
const REGISTER_OPS: readonly string[] = ['read', 'write', 'cas', 'final-read'];

/** read / write v / cas [from, to] (and final-read, a read). */
export const registerModel: Model<RegisterState> = {
  name: 'register',
  operations: ['read', 'write', 'cas', 'final-read'],
  init: () => null,
  step(s, input, output) {
    switch (input.f) {
      case 'read':
      case 'final-read':
        return { legal: output === undefined || jsonEqual(s, output), next: s };
      case 'write':
        return { legal: true, next: input.value };
      case 'cas': {
        const [from, to] = input.value as [JsonValue, JsonValue];
        return jsonEqual(s, from) ? { legal: true, next: to } : { legal: false, next: s };
      }
      default:
        return { legal: false, next: s };
    }
  },
  hash: jsonHash,
  equal: jsonEqual,
  isReadOnly: (input) => isRead(input.f),
  legalOnlyIn: (input, output) => (isRead(input.f) ? { state: output } : undefined),
  partition(ops: readonly Operation[]) {
    return partitionByKey(ops, () => registerModel);
  },
  validate(f, value, phase) {
    if (f === 'cas' && phase !== 'ok' && !(Array.isArray(value) && value.length === 2)) {
      return `cas value must be [from, to], got ${showJson(value)}`;
    }
    if (f === 'cas' && phase === 'ok' && value !== undefined && !(Array.isArray(value) && value.length === 2)) {
      return `cas value must be [from, to], got ${showJson(value)}`;
    }
    if (!REGISTER_OPS.includes(f)) return `register operation must be read|write|cas|final-read, got "${f}"`;
    return undefined;
  },
  describe(op) {
    const k = op.key === undefined ? '' : ` ${op.key}`;
    switch (op.f) {
      case 'read':
      case 'final-read':
        return `${op.f}${k} -> ${showJson(op.output)}`;
      case 'write':
        return `write${k} ${showJson(op.input)}`;
      default:
        return `${op.f}${k} ${showJson(op.input)}`;
    }
  },
  showState: (s) => showJson(s),
};
