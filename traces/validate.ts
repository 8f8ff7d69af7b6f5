/**
 * The ajv edge of trace format version 1: every JSON line that comes in is
 * checked here once, against validators compiled ahead of time from the
 * pieces of TRACE_V1_SCHEMA, and a failure becomes one compiler-style line
 * (`h.jsonl:17: "type" must be invoke|ok|fail|info, got "done"`) naming the
 * most specific problem rather than ajv's whole error list.
 */
import type { ErrorObject } from 'ajv';
import { InputError, type SourcePos } from './errors.js';
import type { OpEvent as OpEventT, TraceHeader as TraceHeaderT, WorldEvent as WorldEventT } from './schema/trace-v1.js';
import * as compiled from './schema/trace-v1-validators.js';

type Schema = Record<string, unknown>;

/** A validator compiled ahead of time (ajv standalone code): true or false, and on false its errors. */
interface Validator<T> {
  (v: unknown): v is T;
  errors?: ErrorObject[] | null;
}

/**
 * The validators are ajv's standalone code, generated from trace-v1.ts by
 * `npm run schema` (traces/schema/write-schema.ts), so reading a history
 * loads neither TypeBox nor ajv's compiler and compiles nothing at start-up.
 */
const opValidator = compiled.opEvent as Validator<OpEventT>;
const headerValidator = compiled.traceHeader as Validator<TraceHeaderT>;
const SCHEMAS = compiled.schemas as Record<string, Schema>;
const OpEvent = SCHEMAS['opEvent']!;
const TraceHeader = SCHEMAS['traceHeader']!;

/** The `type` tags of world events (trace-v1.ts's WORLD_EVENT_TYPES, in order: the generator checks it), each with its validator and schema. */
const WORLD_EVENT_TYPES = Object.keys(SCHEMAS).filter((n) => n !== 'opEvent' && n !== 'traceHeader');
const worldValidators = new Map<string, { validate: Validator<WorldEventT>; schema: Schema }>(
  WORLD_EVENT_TYPES.map((t) => [t, { validate: (compiled as unknown as Record<string, Validator<WorldEventT>>)[t]!, schema: SCHEMAS[t]! }]),
);

const OP_TYPES = ['invoke', 'ok', 'fail', 'info'] as const;

/** One classified line of a history or trace file. */
export type TraceLine =
  | { readonly kind: 'header'; readonly header: TraceHeaderT }
  | { readonly kind: 'op'; readonly event: OpEventT }
  | { readonly kind: 'world'; readonly event: WorldEventT };

/** Parses one line as JSON, or throws `file:line: invalid JSON: <reason>`. */
export function parseJsonLine(text: string, pos: SourcePos): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const reason = (e as Error).message.replace(/^JSON\.parse: /, '');
    throw new InputError(pos, `invalid JSON: ${reason}`, 'invalid-json');
  }
}

/** Checks a parsed value against the OpEvent schema. */
export function checkOpEvent(v: unknown, pos: SourcePos): OpEventT {
  if (isOpEvent(v) || opValidator(v)) return v;
  throw new InputError(pos, explain(opValidator.errors ?? [], OpEvent, v), 'schema');
}

/** Checks a parsed value against the trace header schema (and its version). */
export function checkHeader(v: unknown, pos: SourcePos): TraceHeaderT {
  const version = isObject(v) ? v['version'] : undefined;
  if (version !== 1) {
    throw new InputError(pos, `trace format version ${show(version)} is not supported (this quorate reads version 1)`, 'unsupported-version');
  }
  if (headerValidator(v)) return v;
  throw new InputError(pos, explain(headerValidator.errors ?? [], TraceHeader, v), 'schema');
}

/** Checks a parsed value against the world event schema its `type` selects. */
export function checkWorldEvent(v: unknown, pos: SourcePos): WorldEventT {
  const type = isObject(v) ? v['type'] : undefined;
  const w = typeof type === 'string' ? worldValidators.get(type) : undefined;
  if (w === undefined) throw new InputError(pos, `"type" must be ${WORLD_EVENT_TYPES.join('|')}, got ${show(type)}`, 'schema');
  if (w.validate(v)) return v;
  throw new InputError(pos, explain(w.validate.errors ?? [], w.schema, v), 'schema');
}

const isProcessId = (x: unknown): boolean =>
  typeof x === 'number' ? Number.isInteger(x) && x >= 0 : typeof x === 'string' && x.length > 0;

/**
 * The OpEvent schema (trace-v1.ts) as one pass over the object's own keys, for the common case of a
 * well-formed event: true only where ajv's validator is true too (it is as strict or stricter: an
 * infinite `process` or `index` is left to ajv), so a false answer goes to ajv, which judges and
 * explains. ajv's generated code checks every keyword and allocates as it goes, the cost of a
 * fifth of the reading of a million-operation history; this allocates nothing.
 */
export function isOpEvent(v: unknown): v is OpEventT {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  let required = 0;
  for (const k in o) {
    const x = o[k];
    switch (k) {
      case 'type':
        if (x !== 'invoke' && x !== 'ok' && x !== 'fail' && x !== 'info') return false;
        required |= 1;
        break;
      case 'process':
        if (!isProcessId(x)) return false;
        required |= 2;
        break;
      case 'f':
        if (typeof x !== 'string' || x.length === 0) return false;
        required |= 4;
        break;
      case 'session':
        if (!isProcessId(x)) return false;
        break;
      case 'key':
      case 'node':
        if (typeof x !== 'string') return false;
        break;
      case 'value':
      case 'error':
        break;
      case 'time':
        if (typeof x !== 'number' || !(x >= 0)) return false;
        break;
      case 'index':
        if (!Number.isInteger(x) || (x as number) < 0) return false;
        break;
      default:
        return false;
    }
  }
  return required === 7;
}

/**
 * Classifies and validates one parsed line: a header (only where `headerAllowed`),
 * an operation event, or (in a full trace, `worldAllowed`) a world event.
 */
export function classifyTraceLine(v: unknown, pos: SourcePos, opts: { headerAllowed: boolean; worldAllowed: boolean }): TraceLine {
  if (!isObject(v)) throw new InputError(pos, `expected a JSON object, got ${show(v)}`, 'schema');
  if ('format' in v && !('type' in v)) {
    if (!opts.headerAllowed) throw new InputError(pos, 'a trace header ("format") is allowed only on the first line', 'schema');
    if (v['format'] !== 'quorate-trace') throw new InputError(pos, `"format" must be quorate-trace, got ${show(v['format'])}`, 'schema');
    return { kind: 'header', header: checkHeader(v, pos) };
  }
  if (!('type' in v)) throw new InputError(pos, 'missing property "type"', 'schema');
  const type = v['type'];
  if ((OP_TYPES as readonly unknown[]).includes(type)) return { kind: 'op', event: checkOpEvent(v, pos) };
  if (opts.worldAllowed && typeof type === 'string' && worldValidators.has(type)) {
    return { kind: 'world', event: checkWorldEvent(v, pos) };
  }
  const also = opts.worldAllowed ? ` or a world event (${WORLD_EVENT_TYPES.join('|')})` : '';
  throw new InputError(pos, `"type" must be ${OP_TYPES.join('|')}${also}, got ${show(type)}`, 'schema');
}

/** Turns ajv's errors into one readable sentence about the most specific problem. */
export function explain(errors: readonly ErrorObject[], schema: Schema, value: unknown): string {
  const rank = (e: ErrorObject): number =>
    e.instancePath === '/type' ? 0 : e.keyword === 'required' ? 1 : e.keyword === 'additionalProperties' ? 2 : 3;
  const sorted = [...errors].sort((a, b) => rank(a) - rank(b) || depth(b.instancePath) - depth(a.instancePath));
  const e = sorted[0];
  if (e === undefined) return 'does not match the trace format';
  const where = e.instancePath === '' ? '' : ` in ${pathName(segments(e.instancePath))}`;
  if (e.keyword === 'required') return `missing property "${String(e.params['missingProperty'])}"${where}`;
  if (e.keyword === 'additionalProperties') return `unexpected property "${String(e.params['additionalProperty'])}"${where}`;
  const segs = segments(e.instancePath);
  let s: Schema = schema;
  let v: unknown = value;
  let reached = 0;
  for (const seg of segs) {
    const next = childSchema(s, seg);
    if (next === undefined) break;
    s = next;
    v = (v as Record<string, unknown>)[seg];
    reached++;
  }
  const name = reached === 0 ? 'the line' : `"${pathName(segs.slice(0, reached))}"`;
  return `${name} must be ${describe(s)}, got ${show(v)}`;
}

function childSchema(s: Schema, seg: string): Schema | undefined {
  const props = s['properties'] as Record<string, Schema> | undefined;
  if (props !== undefined) return props[seg];
  const items = s['items'];
  if (Array.isArray(items)) return items[Number(seg)] as Schema | undefined;
  if (isObject(items)) return items;
  return undefined;
}

/** A short English description of what a schema accepts. */
export function describe(s: Schema): string {
  const anyOf = s['anyOf'] as Schema[] | undefined;
  if (anyOf !== undefined) {
    if (anyOf.every((b) => 'const' in b)) return anyOf.map((b) => String(b['const'])).join('|');
    return anyOf.map(describe).join(' or ');
  }
  if ('const' in s) return JSON.stringify(s['const']);
  const min = s['minimum'] as number | undefined;
  const max = s['maximum'] as number | undefined;
  const range = (noun: string): string =>
    min === 0 && max === undefined ? `a non-negative ${noun}`
    : min !== undefined && max !== undefined ? `a ${noun} between ${min} and ${max}`
    : min !== undefined ? `a ${noun} >= ${min}` : max !== undefined ? `a ${noun} <= ${max}` : `a${noun === 'integer' ? 'n' : ''} ${noun}`;
  switch (s['type']) {
    case 'integer': return range('integer');
    case 'number': return range('number');
    case 'string': return s['minLength'] === 1 ? 'a non-empty string' : 'a string';
    case 'boolean': return 'true or false';
    case 'null': return 'null';
    case 'object': return 'an object';
    case 'array': return Array.isArray(s['items']) ? `a ${(s['items'] as unknown[]).length}-element array` : 'an array';
    default: return typeof s['description'] === 'string' ? s['description'] : 'valid';
  }
}

function segments(instancePath: string): string[] {
  return instancePath === '' ? [] : instancePath.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function depth(instancePath: string): number {
  return segments(instancePath).length;
}

function pathName(segs: readonly string[]): string {
  return segs.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A value as it appears in messages: JSON, cut to 60 characters. */
export function show(v: unknown): string {
  const s = v === undefined ? 'nothing' : JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
