/**
 * A small reader for the EDN subset that Jepsen histories use, producing JSON
 * values directly: keywords and symbols become strings (`:get` → "get"),
 * `nil` → null, vectors, lists and sets → arrays, maps → objects, `#inst` /
 * `#uuid` → their string, other tags → their value, `#_` discards a form.
 * Integers beyond 2^53 stay exact as strings of digits rather than being
 * rounded into a different value. See https://github.com/edn-format/edn.
 *
 * Why not edn-data: it returns null instead of failing on an unterminated map,
 * mis-reads `#_` and `\"`, and throws on big integers; a history reader has to
 * say precisely what is wrong and where.
 */
import type { JsonValue } from '../schema/trace-v1.js';

/** A syntax error in EDN text; `incomplete` means the text ended inside a form. */
export class EdnSyntaxError extends Error {
  /** True when more text could complete the form (an open bracket or string). */
  readonly incomplete: boolean;
  constructor(message: string, incomplete: boolean) {
    super(message);
    this.name = 'EdnSyntaxError';
    this.incomplete = incomplete;
  }
}

const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
// Character classes by char code (the reader runs once per history line: no per-character strings or Set lookups).
const SPACE = 1;
const DELIM = 2;
const CLASS = new Uint8Array(128);
for (const c of ' \t\n\r,\f') CLASS[c.charCodeAt(0)] = SPACE;
for (const c of '()[]{}";') CLASS[c.charCodeAt(0)] = DELIM;
const isSpaceCode = (c: number): boolean => c < 128 && CLASS[c] === SPACE;
/** Whether char code `c` ends a token (whitespace, a comma or a delimiter). */
const endsToken = (c: number): boolean => c < 128 && CLASS[c] !== 0;
const SEMI = 59; // ;
const NL = 10;

class Reader {
  pos = 0;
  constructor(readonly s: string) {}

  skip(): void {
    const s = this.s;
    const len = s.length;
    let p = this.pos;
    while (p < len) {
      const c = s.charCodeAt(p);
      if (isSpaceCode(c)) p++;
      else if (c === SEMI) {
        while (p < len && s.charCodeAt(p) !== NL) p++;
      } else break;
    }
    this.pos = p;
  }

  atEnd(): boolean {
    this.skip();
    return this.pos >= this.s.length;
  }

  form(): JsonValue {
    this.skip();
    const s = this.s;
    if (this.pos >= s.length) throw new EdnSyntaxError('unexpected end of input', true);
    const c = s[this.pos]!;
    if (c === '"') return this.string();
    if (c === '[' || c === '(') return this.seq(CLOSERS[c]!);
    if (c === '{') return this.map();
    if (c === ')' || c === ']' || c === '}') throw new EdnSyntaxError(`unexpected "${c}"`, false);
    if (c === '#') return this.dispatch();
    if (c === '\\') return this.char();
    return this.atom();
  }

  private seq(close: string): JsonValue[] {
    this.pos++;
    const out: JsonValue[] = [];
    const closeCode = close.charCodeAt(0);
    for (;;) {
      this.skip();
      if (this.pos >= this.s.length) throw new EdnSyntaxError(`unterminated collection, expected "${close}"`, true);
      if (this.s.charCodeAt(this.pos) === closeCode) {
        this.pos++;
        return out;
      }
      if (this.discarded()) continue;
      out.push(this.form());
    }
  }

  private map(): { [k: string]: JsonValue } {
    const items = this.seq('}');
    if (items.length % 2 !== 0) throw new EdnSyntaxError('map has a key without a value', false);
    const out: { [k: string]: JsonValue } = {};
    for (let i = 0; i < items.length; i += 2) {
      const k = items[i]!;
      out[typeof k === 'string' ? k : JSON.stringify(k)] = items[i + 1]!;
    }
    return out;
  }

  /** Skips a `#_ form` if one is next; returns whether it did. */
  private discarded(): boolean {
    if (this.s.startsWith('#_', this.pos)) {
      this.pos += 2;
      this.form();
      return true;
    }
    return false;
  }

  private dispatch(): JsonValue {
    const s = this.s;
    if (s[this.pos + 1] === '{') {
      this.pos++;
      return this.seq('}');
    }
    if (this.discarded()) return this.form();
    this.pos++;
    const tag = this.token();
    if (tag === '') throw new EdnSyntaxError('bad tag after "#"', false);
    return this.form(); // #inst "..." and #uuid "..." read as their string; other tags as their value
  }

  private string(): string {
    const s = this.s;
    let out = '';
    let i = this.pos + 1;
    for (;;) {
      const j = s.indexOf('"', i);
      const k = s.indexOf('\\', i);
      if (j < 0) throw new EdnSyntaxError('unterminated string', true);
      if (k < 0 || j < k) {
        out += s.slice(i, j);
        this.pos = j + 1;
        return out;
      }
      out += s.slice(i, k);
      const e = s[k + 1];
      if (e === undefined) throw new EdnSyntaxError('unterminated string', true);
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', b: '\b', f: '\f' };
      if (e === 'u') {
        const hex = s.slice(k + 2, k + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new EdnSyntaxError(`bad escape "\\u${hex}"`, false);
        out += String.fromCharCode(parseInt(hex, 16));
        i = k + 6;
      } else if (simple[e] !== undefined) {
        out += simple[e];
        i = k + 2;
      } else throw new EdnSyntaxError(`bad escape "\\${e}" in string`, false);
    }
  }

  private char(): string {
    this.pos++;
    const c = this.s[this.pos];
    if (c === undefined) throw new EdnSyntaxError('unexpected end of input after "\\"', true);
    const name = c + this.token(this.pos + 1);
    const named: Record<string, string> = { newline: '\n', space: ' ', tab: '\t', return: '\r' };
    if (name.length === 1) return name;
    if (named[name] !== undefined) return named[name];
    if (/^u[0-9a-fA-F]{4}$/.test(name)) return String.fromCharCode(parseInt(name.slice(1), 16));
    throw new EdnSyntaxError(`bad character literal "\\${name}"`, false);
  }

  /** Reads up to the next delimiter; `from` lets char() include its first character. */
  private token(from = this.pos): string {
    const s = this.s;
    let j = from;
    while (j < s.length && !endsToken(s.charCodeAt(j))) j++;
    this.pos = j;
    return s.slice(from, j);
  }

  private atom(): JsonValue {
    const t = this.token();
    if (t === 'nil') return null;
    if (t === 'true') return true;
    if (t === 'false') return false;
    if (t.startsWith(':')) {
      if (t.length === 1) throw new EdnSyntaxError('empty keyword ":"', false);
      return t.slice(1);
    }
    if (startsNumber(t)) return number(t);
    return t; // a symbol
  }
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const OPEN_BRACKET = 91; // [
const CLOSE_BRACKET = 93; // ]
const SPACE_CHAR = 32;

/**
 * The integer `s[from, to)` spells, when it is a plain one (an optional minus, then 1 to 15 digits:
 * an exact double, which `readEdn` reads as the same number); otherwise undefined, and the text
 * goes the long way.
 */
export function smallIntegerAt(s: string, from: number, to: number): number | undefined {
  const start = s.charCodeAt(from) === MINUS ? from + 1 : from;
  if (to <= start || to - start > 15) return undefined;
  for (let i = start; i < to; i++) if (!isDigit(s.charCodeAt(i))) return undefined;
  return Number(s.slice(from, to));
}

/**
 * The vector `s` spells when it is exactly `[`, plain integers (`smallIntegerAt`) or nil separated by
 * single spaces, `]` — a cas's `[3 1]` in a Jepsen log — read in one pass; otherwise undefined, and
 * the text goes the long way (`readEdn`).
 */
export function readSimpleVector(s: string): JsonValue[] | undefined {
  const end = s.length - 1;
  if (end < 1 || s.charCodeAt(0) !== OPEN_BRACKET || s.charCodeAt(end) !== CLOSE_BRACKET) return undefined;
  const out: JsonValue[] = [];
  if (end === 1) return out;
  for (let i = 1; ; ) {
    let j = i;
    while (j < end && s.charCodeAt(j) !== SPACE_CHAR) j++;
    const v = j - i === 3 && s.startsWith('nil', i) ? null : smallIntegerAt(s, i, j);
    if (v === undefined) return undefined;
    out.push(v);
    if (j === end) return out;
    i = j + 1;
  }
}

/** Whether token `t` starts like a number: a digit, or a sign and a digit. */
function startsNumber(t: string): boolean {
  const c = t.charCodeAt(0);
  return isDigit(c) || ((c === 43 || c === 45) && isDigit(t.charCodeAt(1)));
}

function number(t: string): number | string {
  const int = /^([+-]?\d+)N?$/.exec(t);
  if (int) {
    const n = Number(int[1]);
    return Number.isSafeInteger(n) ? n : BigInt(int[1]!).toString();
  }
  const m = /^([+-]?\d+(\.\d*)?([eE][+-]?\d+)?)M?$/.exec(t);
  if (m) return Number(m[1]);
  throw new EdnSyntaxError(`bad number "${t}"`, false);
}

/** Reads exactly one EDN form from `text` (comments and whitespace around it allowed). */
export function readEdn(text: string): JsonValue {
  const r = new Reader(text);
  const v = r.form();
  if (!r.atEnd()) throw new EdnSyntaxError(`unexpected text after the value: "${text.slice(r.pos, r.pos + 20)}"`, false);
  return v;
}

/** Whether `text` holds only whitespace, commas and `;` comments. */
export function isBlankEdn(text: string): boolean {
  return new Reader(text).atEnd();
}

/** Reads every EDN form in `text` (`#_` discards dropped), in order. */
export function readEdnForms(text: string): JsonValue[] {
  const r = new Reader(text);
  const out: JsonValue[] = [];
  while (!r.atEnd()) {
    if (r.s.startsWith('#_', r.pos)) {
      r.pos += 2;
      r.form();
      continue;
    }
    out.push(r.form());
  }
  return out;
}

const QUOTE = 34; // "
const COLON = 58; // :
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const MINUS = 45;

/**
 * The common line of a Jepsen or Porcupine history, one flat map of keyword keys to
 * keywords, strings without escapes, nil, true, false or small integers
 * (`{:process 0, :type :invoke, :f :append, :key "8", :value "x 0 0 y"}`), read in one
 * pass; undefined for anything else (nested forms, escapes, tags, comments, other
 * numbers, bad syntax), which `readEdn` then reads or rejects with its precise message.
 * When it answers, the value equals `readEdn(text)` (edn-reader.test.ts checks this on
 * generated lines).
 */
export function readSimpleMap(text: string): { [k: string]: JsonValue } | undefined {
  const s = text;
  const len = s.length;
  let p = spaceEnd(s, 0);
  if (s.charCodeAt(p) !== OPEN_BRACE) return undefined;
  p++;
  const out: { [k: string]: JsonValue } = {};
  for (;;) {
    p = spaceEnd(s, p);
    if (p >= len) return undefined;
    if (s.charCodeAt(p) === CLOSE_BRACE) {
      p++;
      break;
    }
    // The key: a keyword.
    if (s.charCodeAt(p) !== COLON) return undefined;
    let e = p + 1;
    while (e < len && !endsToken(s.charCodeAt(e))) e++;
    if (e === p + 1) return undefined;
    const key = s.slice(p + 1, e);
    p = spaceEnd(s, e);
    if (p >= len) return undefined;
    // The value.
    const c = s.charCodeAt(p);
    let v: JsonValue;
    if (c === QUOTE) {
      const close = s.indexOf('"', p + 1);
      if (close < 0) return undefined;
      const slash = s.indexOf('\\', p + 1);
      if (slash >= 0 && slash < close) return undefined;
      v = s.slice(p + 1, close);
      p = close + 1;
    } else {
      e = p;
      while (e < len && !endsToken(s.charCodeAt(e))) e++;
      if (e === p) return undefined;
      if (c === COLON) {
        if (e === p + 1) return undefined;
        v = s.slice(p + 1, e);
      } else if (isDigit(c) || c === MINUS) {
        const x = smallIntegerAt(s, p, e);
        if (x === undefined) return undefined;
        v = x;
      } else {
        const t = s.slice(p, e);
        if (t === 'nil') v = null;
        else if (t === 'true') v = true;
        else if (t === 'false') v = false;
        else return undefined;
      }
      p = e;
    }
    out[key] = v;
  }
  return spaceEnd(s, p) === len ? out : undefined;
}

/** The position of the first character at or after `p` that is not whitespace (or a comma). */
function spaceEnd(s: string, p: number): number {
  while (p < s.length && isSpaceCode(s.charCodeAt(p))) p++;
  return p;
}
