/**
 * A history whose strings attack the page that shows them: markup and
 * script, quotes that would end an attribute, an event-handler payload, a
 * right-to-left override, control characters and a megabyte-long value, in
 * keys, values and process names; and a violation on the hostile key, so the
 * strings reach the witness, the explanation and the drawings.
 */

/** The hostile key (also the witness's key). */
export const HOSTILE_KEY = '<script>window.__pwned=1</script>';
/** An attribute-breaking payload. */
export const HOSTILE_VALUE = `"'><img src=x onerror="window.__pwned=2">\u202eevil\u0007\u0000`;
/** Length of the huge value. */
export const HUGE_LENGTH = 1_000_000;

/** The history as JSONL text. */
export function hostileHistory(): string {
  const huge = 'W'.repeat(HUGE_LENGTH);
  const p = '</title><script>window.__pwned=3</script>';
  const events = [
    { type: 'invoke', process: p, f: 'append', key: HOSTILE_KEY, value: HOSTILE_VALUE, time: 0 },
    { type: 'ok', process: p, f: 'append', key: HOSTILE_KEY, value: HOSTILE_VALUE, time: 10 },
    { type: 'invoke', process: 2, f: 'append', key: 'huge\u202e', value: huge, time: 11 },
    { type: 'ok', process: 2, f: 'append', key: 'huge\u202e', value: huge, time: 20 },
    { type: 'invoke', process: 3, f: 'get', key: 'huge\u202e', value: null, time: 21 },
    { type: 'ok', process: 3, f: 'get', key: 'huge\u202e', value: huge, time: 30 },
    { type: 'invoke', process: 4, f: 'get', key: HOSTILE_KEY, value: null, time: 31 },
    { type: 'ok', process: 4, f: 'get', key: HOSTILE_KEY, value: '<b>stale</b>', time: 40 },
  ];
  return events.map((e) => JSON.stringify(e)).join('\n') + '\n';
}
