/**
 * Test helper: write histories by hand as event lists, e.g.
 * `history(['invoke', 0, 'write', 1], ['ok', 0, 'write', 1], ...)`.
 */
import type { Operation } from '../../../traces/history.js';
import type { JsonValue } from '../../../traces/schema/trace-v1.js';
import { pairEvents } from './corpus.js';

/** One event: type, process, f, value, and optionally the key. */
export type Ev = readonly [type: 'invoke' | 'ok' | 'fail' | 'info', process: number, f: string, value: JsonValue, key?: string];

/** Operations of a hand-written event list (line order = real-time order). */
export function history(...evs: Ev[]): Operation[] {
  return pairEvents(evs.map(([type, process, f, value, key]) => ({ type, process: String(process), f, key, value })));
}
