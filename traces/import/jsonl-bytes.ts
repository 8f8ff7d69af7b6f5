/**
 * The byte path of the JSONL importer: an operation event line in the
 * plain shape recorders write (`{"type":"ok","process":3,"f":"get","key":"1","value":"x"}`:
 * no spaces or escapes, ASCII, integers without sign, fraction or exponent,
 * strings and null) is read straight from the file's bytes into an event,
 * without a line string, JSON.parse's object or the schema check's pass.
 * It accepts a line only when JSON.parse and the OpEvent schema would give
 * exactly that event; any other line (a header, a world event, a float, an
 * escape, a bad value, a duplicate or unknown key) is declined, with no side
 * effect, and takes the general path, which reads, judges and explains it.
 * On the bench's 1,000,000-operation history, JSON.parse and the garbage of
 * its objects were a third of a whole `quorate check`.
 */
import type { EventIn } from '../build-history.js';
import type { JsonValue, OpType, ProcessId } from '../schema/trace-v1.js';

const QUOTE = 0x22, BACKSLASH = 0x5c, COMMA = 0x2c, COLON = 0x3a, OPEN = 0x7b, CLOSE = 0x7d;
const ZERO = 0x30, NINE = 0x39;

/** Bits of the keys an event line may hold on the byte path. */
const TYPE = 1, PROCESS = 2, F = 4, KEY = 8, VALUE = 16, SESSION = 32;
const REQUIRED = TYPE | PROCESS | F;

/** The keys' bytes, by bit. */
const KEY_BYTES: Record<number, Uint8Array> = Object.fromEntries(
  ([[TYPE, 'type'], [PROCESS, 'process'], [F, 'f'], [KEY, 'key'], [VALUE, 'value'], [SESSION, 'session']] as const).map(([bit, name]) => [bit, Buffer.from(name, 'latin1')]),
);

const OP_TYPES: readonly OpType[] = ['invoke', 'ok', 'fail', 'info'];

/** An event as the byte path fills it: one object, reused for every line (the builder keeps its fields, not it). */
interface MutableEvent {
  type: OpType;
  process: ProcessId;
  session: ProcessId | undefined;
  f: string;
  key: string | undefined;
  value: JsonValue | undefined;
}

/** Most-used short strings (operation names, keys, process names), shared instead of one copy per event. */
const NAME_CACHE_LIMIT = 256;
const NAME_MAX_BYTES = 32;

/** Reads plain operation event lines from bytes; see the module comment. */
export class JsonlByteParser {
  private readonly e: MutableEvent = { type: 'invoke', process: 0, session: undefined, f: '', key: undefined, value: undefined };
  private readonly names = new Map<number, string[]>();
  private readonly recent: (string | undefined)[] = new Array<string | undefined>(NAME_MAX_BYTES * 128).fill(undefined);
  private nameCount = 0;

  /** The event of `buf[start, end)` (one line, without its newline), or undefined when the line needs the general path. The event is reused by the next call. */
  parse(buf: Buffer, start: number, end: number): EventIn | undefined {
    const e = this.e;
    e.session = undefined;
    e.key = undefined;
    e.value = undefined;
    let i = start;
    if (end - start < 2 || buf[i] !== OPEN || buf[end - 1] !== CLOSE) return undefined;
    i++;
    let seen = 0;
    for (;;) {
      // "key":
      if (buf[i] !== QUOTE) return undefined;
      const ks = ++i;
      while (i < end && buf[i] !== QUOTE) i++;
      const key = keyBit(buf, ks, i);
      if (key === 0 || (seen & key) !== 0 || buf[i + 1] !== COLON) return undefined;
      seen |= key;
      i += 2;
      // The value: a string, an integer or null.
      const c = buf[i]!;
      let str = -1; // start of a string value's characters; its end is `i` after the scan
      let num = -1;
      let isNull = false;
      if (c === QUOTE) {
        str = ++i;
        for (;;) {
          if (i >= end) return undefined;
          const b = buf[i]!;
          // (ASCII: DEL reads the same in JSON and as latin1; a control character or an escape does not)
          if (b > BACKSLASH) {
            i++;
            continue;
          }
          if (b === QUOTE) break;
          if (b < 0x20 || b === BACKSLASH) return undefined;
          i++;
        }
      } else if (c >= ZERO && c <= NINE) {
        num = c - ZERO;
        const ns = i++;
        while (i < end && buf[i]! >= ZERO && buf[i]! <= NINE) num = num * 10 + (buf[i++]! - ZERO);
        // No leading zero, at most 15 digits (exact as a double), and no fraction or exponent after.
        if ((c === ZERO && i - ns > 1) || i - ns > 15 || (buf[i] !== COMMA && buf[i] !== CLOSE)) return undefined;
        i--; // on the last digit, as a string's scan ends on its closing quote
      } else if (c === 0x6e && buf[i + 1] === 0x75 && buf[i + 2] === 0x6c && buf[i + 3] === 0x6c) {
        isNull = true;
        i += 3;
      } else {
        return undefined;
      }
      const strEnd = i;
      i++;
      switch (key) {
        case TYPE: {
          const t = str >= 0 ? opType(buf, str, strEnd) : undefined;
          if (t === undefined) return undefined;
          e.type = t;
          break;
        }
        case PROCESS:
        case SESSION: {
          let p: ProcessId;
          if (num >= 0) p = num;
          else if (str >= 0 && strEnd > str) p = this.name(buf, str, strEnd);
          else return undefined;
          if (key === PROCESS) e.process = p;
          else e.session = p;
          break;
        }
        case F:
          if (str < 0 || strEnd === str) return undefined;
          e.f = this.name(buf, str, strEnd);
          break;
        case KEY:
          if (str < 0) return undefined;
          e.key = this.name(buf, str, strEnd);
          break;
        default: // VALUE
          e.value = isNull ? null : num >= 0 ? num : latin1(buf, str, strEnd);
      }
      if (buf[i] === COMMA) {
        i++;
        continue;
      }
      if (buf[i] === CLOSE && i === end - 1) break;
      return undefined;
    }
    return (seen & REQUIRED) === REQUIRED ? e : undefined;
  }

  /** A short string, shared with every earlier equal one while the cache has room. */
  private name(buf: Buffer, start: number, end: number): string {
    if (end - start > NAME_MAX_BYTES || end === start) return latin1(buf, start, end);
    // First look: the last name of this length and first byte (operation names and small keys differ there).
    const slot = (end - start - 1) * 128 + buf[start]!;
    const last = this.recent[slot];
    if (last !== undefined && sameBytes(last, buf, start, end)) return last;
    const s = this.cachedName(buf, start, end);
    this.recent[slot] = s;
    return s;
  }

  private cachedName(buf: Buffer, start: number, end: number): string {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
    const bucket = this.names.get(h);
    if (bucket !== undefined) for (const s of bucket) if (sameBytes(s, buf, start, end)) return s;
    const s = latin1(buf, start, end);
    if (this.nameCount < NAME_CACHE_LIMIT) {
      this.nameCount++;
      if (bucket !== undefined) bucket.push(s);
      else this.names.set(h, [s]);
    }
    return s;
  }
}

/** ASCII bytes as a string of its own (not a view of a larger one, which would keep it alive). */
function latin1(buf: Buffer, start: number, end: number): string {
  return buf.toString('latin1', start, end);
}

function sameBytes(s: string, buf: Uint8Array, start: number, end: number): boolean {
  if (s.length !== end - start) return false;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) !== buf[start + i]) return false;
  return true;
}

function keyBit(buf: Buffer, start: number, end: number): number {
  // Told apart by length and first byte, then confirmed byte by byte.
  let bit: number;
  switch (end - start) {
    case 1: bit = F; break;
    case 3: bit = KEY; break;
    case 4: bit = TYPE; break;
    case 5: bit = VALUE; break;
    case 7: bit = buf[start] === 0x70 ? PROCESS : SESSION; break;
    default: return 0;
  }
  const name = KEY_BYTES[bit]!;
  for (let i = 0; i < name.length; i++) if (buf[start + i] !== name[i]) return 0;
  return bit;
}

function opType(buf: Uint8Array, start: number, end: number): OpType | undefined {
  for (const t of OP_TYPES) if (sameBytes(t, buf, start, end)) return t;
  return undefined;
}
