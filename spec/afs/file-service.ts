/**
 * The single-copy file service with AFS session semantics (Howard et al.,
 * ACM TOCS 1988), as a sequential model.
 *
 * Operations, on file keys:
 * - `open` (input null) starts a session and returns the file's version:
 *   `{ v, data }` (version 0 is the empty file no one has stored yet);
 * - `read` (input null) returns the session's view: the data it opened, or,
 *   once the session wrote, what it wrote;
 * - `write t` (input a token string) is whole-file writing, as AFS clients
 *   do: the session's first write truncates its copy, later ones append, so
 *   the session's content is its tokens joined by spaces;
 * - `close ts` (input the tokens the session wrote, `[]` when none: the
 *   caller's end-to-end check of its session — a close naming other tokens
 *   is refused and has no effect) ends the session; after writes it publishes the session's content as the file's
 *   next version, atomically, at the moment the server commits the store,
 *   and returns `{ v }` (`{ v: null }` without writes).
 *
 * The model's state is what the server holds, the latest published version
 * of each file. Reads and writes touch only the session's private copy, so
 * they never change it (`isReadOnly`); what a read may return is judged per
 * session by the history check (session-check.ts), and what version an open
 * may return, within the variant's freshness bound Δ, too. As a sequential
 * model an open returns the latest version (Δ = 0): the refinement check of
 * a server only ever asks the model about stores, which is where the server's
 * state must follow this spec exactly.
 */
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import type { Operation } from '../../traces/history.js';
import type { Model } from '../model.js';
import { hashString, showJson } from '../json-value.js';

/** One version of a file. */
export interface FileVersion {
  readonly v: number;
  readonly data: string;
}

/** The server's files: key → latest published version (absent: version 0, empty). */
export type FileServiceState = Readonly<Record<string, FileVersion>>;

/** A file no one has stored yet. */
export const EMPTY_FILE: FileVersion = { v: 0, data: '' };

/** The operation names of the file service. */
export const FILE_OPERATIONS = ['open', 'read', 'write', 'close'] as const;

/** The content a session that wrote `tokens` publishes. */
export function sessionContent(tokens: readonly string[]): string {
  return tokens.join(' ');
}

/** The tokens a close's input names (`[]` when malformed). */
export function closeTokens(input: JsonValue | undefined): string[] {
  return Array.isArray(input) ? input.filter((t): t is string => typeof t === 'string') : [];
}

/** A file's version in `s`. */
export function fileOf(s: FileServiceState, key: string | undefined): FileVersion {
  return s[key ?? ''] ?? EMPTY_FILE;
}

function isObj(v: JsonValue | undefined): v is { readonly [k: string]: JsonValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The file-service model. */
export const fileServiceModel: Model<FileServiceState> = {
  name: 'afs-file',
  operations: [...FILE_OPERATIONS],
  init: () => ({}),
  step(s, input, output) {
    const f = fileOf(s, input.key);
    switch (input.f) {
      case 'open':
        return { legal: output === undefined || (isObj(output) && output['v'] === f.v && output['data'] === f.data), next: s };
      case 'read':
      case 'write':
        return { legal: true, next: s };
      case 'close': {
        const tokens = closeTokens(input.value);
        if (tokens.length === 0) return { legal: output === undefined || (isObj(output) && output['v'] === null), next: s };
        const next: FileVersion = { v: f.v + 1, data: sessionContent(tokens) };
        return { legal: output === undefined || (isObj(output) && output['v'] === next.v), next: { ...s, [input.key ?? '']: next } };
      }
      default:
        return { legal: false, next: s };
    }
  },
  hash(s) {
    let h = 0;
    for (const k of Object.keys(s)) {
      const f = s[k] as FileVersion;
      if (f.v !== 0) h = (h + hashString(`${k}\u0000${f.v}\u0000${f.data}`)) | 0;
    }
    return h >>> 0;
  },
  equal(a, b) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const x = fileOf(a, k);
      const y = fileOf(b, k);
      if (x.v !== y.v || x.data !== y.data) return false;
    }
    return true;
  },
  isReadOnly: (input) => input.f !== 'close' || closeTokens(input.value).length === 0,
  validate(f, value, phase) {
    if (!(FILE_OPERATIONS as readonly string[]).includes(f)) return `file operation must be open|read|write|close, got "${f}"`;
    if (phase !== 'invoke') return undefined;
    if (f === 'write' && typeof value !== 'string') return `write value must be a token string, got ${showJson(value)}`;
    if (f === 'close' && !(Array.isArray(value) && value.every((t) => typeof t === 'string'))) return `close value must be the session's tokens (a string array), got ${showJson(value)}`;
    return undefined;
  },
  describe: (op: Operation) => describeFileOp(op.f, op.key, op.input, op.status === 'ok' ? op.output : undefined),
  showState: (s) => JSON.stringify(s),
};

/** One file operation for reports: `open "a" -> v2 "c1.3"`. */
export function describeFileOp(f: string, key: string | undefined, input: JsonValue | undefined, output: JsonValue | undefined): string {
  const k = key === undefined ? '' : ` ${JSON.stringify(key)}`;
  const out = output === undefined ? '' : ` -> ${isObj(output) && 'v' in output ? `v${showJson(output['v'])}${'data' in output ? ` ${showJson(output['data'])}` : ''}` : showJson(output)}`;
  const arg = f === 'write' || (f === 'close' && closeTokens(input).length > 0) ? ` ${showJson(input)}` : '';
  return `${f}${k}${arg}${out}`;
}
