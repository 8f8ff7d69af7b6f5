/**
 * Test helper: write histories by hand as event lists, e.g.
 * `history(['invoke', 0, 'write', 1], ['ok', 0, 'write', 1], ...)`, read
 * through the same edge as every history file (traces/read-history.ts).
 */
import type { Operation } from '../../../traces/history.js';
import type { JsonValue } from '../../../traces/schema/trace-v1.js';
import { parseHistoryText } from '../../../traces/read-history.js';

/** One event: type, process, f, value, and optionally the key. */
export type Ev = readonly [type: 'invoke' | 'ok' | 'fail' | 'info', process: number, f: string, value: JsonValue, key?: string];

/** Operations of a hand-written event list (line order = real-time order). */
export function history(...evs: Ev[]): Operation[] {
  const lines = evs.map(([type, process, f, value, key]) => JSON.stringify(key === undefined ? { type, process, f, value } : { type, process, f, key, value }));
  return [...parseHistoryText(lines.join('\n') + '\n', 'hand-written', { format: 'jsonl' }).ops];
}
