/**
 * The string a kv client stores for a request's value: the store's values
 * are strings (spec/kv.ts); a string goes as it is, `null` as the empty
 * string, anything else as its JSON text.
 */
import type { JsonValue } from '../traces/schema/trace-v1.js';

/** `v` as the kv store's string value. */
export const kvText = (v: JsonValue): string => (typeof v === 'string' ? v : v === null ? '' : JSON.stringify(v));
