/**
 * Making trace content safe to show. A trace is data from a system under
 * test, so any string in it may be hostile: markup (`<script>`), quotes that
 * would end an attribute, strings of megabytes, control characters, and
 * bidirectional controls that make text read differently from what it is.
 * `shown` makes such a string visible for what it is (invisible and
 * direction-changing characters become `\u{…}` escapes, a huge string is cut
 * with a count of what was cut); `html` escapes it for text and attributes.
 */

/** Characters shown as escapes: C0/C1 controls, DEL, bidi controls and marks, zero-width characters, line/paragraph separators, BOM. */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/gu;

/** The longest string shown whole (in UTF-16 code units); longer ones are cut. */
export const SHOWN_MAX = 160;

/** `s` with invisible characters made visible and cut to `max` code units (never inside a surrogate pair); `lines` keeps line breaks. */
export function shown(s: string, max = SHOWN_MAX, lines = false): string {
  let cut = s;
  let rest = 0;
  if (s.length > max) {
    let end = max;
    const c = s.charCodeAt(end - 1);
    if (c >= 0xd800 && c <= 0xdbff) end--;
    cut = s.slice(0, end);
    rest = s.length - end;
  }
  const visible = cut.replace(INVISIBLE, (ch) => (lines && ch === '\n' ? ch : `\\u{${(ch.codePointAt(0) ?? 0).toString(16)}}`));
  return rest > 0 ? `${visible}… (${rest} more characters)` : visible;
}

const HTML: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `s` escaped for HTML text and quoted attribute values. */
export function html(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML[c] ?? c);
}

/** `shown(s)` escaped for HTML: what every string from a trace goes through before it reaches the page. */
export function safe(s: string, max = SHOWN_MAX): string {
  return html(shown(s, max));
}

/** `safe` for several lines of text (a `<pre>`): line breaks kept, every other invisible character escaped. */
export function safeLines(s: string, max: number): string {
  return html(shown(s, max, true));
}

/** A JSON value as one line of text (strings quoted, as the terminal shows them). */
export function jsonText(v: unknown): string {
  if (v === undefined) return '';
  return JSON.stringify(v) ?? String(v);
}
