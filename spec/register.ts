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

/** read / write v / cas [from, to]. */
export const registerModel: Model<RegisterState> = {
  name: 'register',
  operations: ['read', 'write', 'cas'],
  init: () => null,
  step(s, input, output) {
    switch (input.f) {
      case 'read':
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
  isReadOnly: (input) => input.f === 'read',
  legalOnlyIn: (input, output) => (input.f === 'read' ? { state: output } : undefined),
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
    if (!['read', 'write', 'cas'].includes(f)) return `register operation must be read|write|cas, got "${f}"`;
    return undefined;
  },
  describe(op) {
    const k = op.key === undefined ? '' : ` ${op.key}`;
    switch (op.f) {
      case 'read':
        return `read${k} -> ${showJson(op.output)}`;
      case 'write':
        return `write${k} ${showJson(op.input)}`;
      default:
        return `${op.f}${k} ${showJson(op.input)}`;
    }
  },
  showState: (s) => showJson(s),
};
