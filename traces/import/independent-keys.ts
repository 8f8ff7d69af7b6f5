/**
 * Jepsen's `independent` histories carry the key inside the value:
 * `{:f :read, :value [3 nil]}`, `{:f :cas, :value [3 [1 2]]}`. This module
 * decides, from facts gathered one invocation at a time, whether a history is
 * such a one, and rewrites its operations to key = String(k), value = v.
 *
 * The rule, chosen so a plain cas register (`:cas [1 2]`) is never mistaken:
 * no event has a `:key`; every invoke value is a 2-vector whose first element
 * is a scalar (number or string); every cas value's second element is itself a
 * pair; and there is positive evidence — some read/get invoke carries a
 * vector (a plain read invokes with nil) or some cas is `[k [from to]]`. A
 * write-only history of pairs stays plain: nothing distinguishes it.
 */
import { InputError } from '../errors.js';
import type { BuiltHistory } from '../build-history.js';
import type { Operation } from '../history.js';
import type { JsonValue } from '../schema/trace-v1.js';

const isPair = (v: JsonValue | undefined): v is [JsonValue, JsonValue] => Array.isArray(v) && v.length === 2;
const isScalar = (v: JsonValue | undefined): v is number | string => typeof v === 'number' || typeof v === 'string';

/** Accumulates the evidence for (and against) independent keys. */
export class IndependentKeyDetector {
  private sawKey = false;
  private allTuples = true;
  private evidence = false;
  private invokes = 0;

  /** Observes one client event (`key` present or not, its type, f and value). */
  observe(type: string, f: string, key: string | undefined, value: JsonValue | undefined): void {
    if (key !== undefined) this.sawKey = true;
    if (type !== 'invoke' || !this.allTuples) return;
    this.invokes++;
    if (!isPair(value) || !isScalar(value[0])) {
      this.allTuples = false;
      return;
    }
    if (f === 'cas') {
      if (!isPair(value[1])) this.allTuples = false;
      else this.evidence = true;
    } else if (f === 'read' || f === 'get') this.evidence = true;
  }

  /** Whether the history observed so far is an independent-key history. */
  get independent(): boolean {
    return !this.sawKey && this.allTuples && this.evidence && this.invokes > 0;
  }
}

/** Rewrites `[k v]` values into key = String(k), value = v; a completion for another key is an InputError. */
export function splitIndependentKeys(h: BuiltHistory): BuiltHistory {
  const ops = h.ops.map((op): Operation => {
    const [k, input] = op.input as [JsonValue, JsonValue];
    const key = String(k);
    let output: JsonValue | undefined;
    if (op.output !== undefined) {
      if (!isPair(op.output) || String(op.output[0]) !== key) {
        throw new InputError(
          { file: h.source, line: op.retLine },
          `"ok" value must be [key value] with the key of its invoke (line ${op.callLine}, key ${key}), got ${JSON.stringify(op.output)}`,
          'history',
        );
      }
      output = op.output[1];
    }
    return { ...op, key, input, output };
  });
  return { ...h, ops };
}
