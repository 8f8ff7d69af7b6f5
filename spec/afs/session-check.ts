/**
 * The Δ-bounded session-semantics check of a file-service history: what a
 * file service with AFS session semantics and freshness bound Δ may return
 * (file-service.ts for the operations).
 *
 * A history is the operations of every client in invocation order (a client
 * runs one session at a time: `open`, reads and writes, `close`) with their
 * virtual invoke and completion times, and the store commits the server made
 * (publications: file, version, content, the close's request id, commit
 * time). The check holds the history to:
 *
 * 1. publications: each file's versions are 1, 2, … in commit order; each is
 *    made by one close of a session that wrote, during that close (after its
 *    invocation, before its completion), with exactly the session's content
 *    (its ok writes, joined) — a partial or foreign store fails; no close
 *    publishes twice, a close that failed publishes nothing, a close that
 *    completed ok after writes published and returned that version, one
 *    without writes returned `{ v: null }`. A close that ended `info` (or was
 *    still open when the run ended) may or may not have published;
 * 2. freshness: an open that completed ok returned `{ v, data }` where v is
 *    a published version (or 0, the empty file) with that content, and v was
 *    the latest published at some instant of [invocation − Δ, completion]:
 *    published no later than the completion, and the next version (if any)
 *    published after invocation − Δ;
 * 3. session view: a read returns the session's view — the content it
 *    opened, or once it wrote, its own content; reads, writes and closes
 *    outside a session (no open, or one that failed) must not succeed.
 *
 * A history without times (or without the server's publications) cannot be
 * judged against Δ: it is `unknown`, never a pass. The first violation in
 * time order is reported, with the virtual time by which it was shown.
 */
import type { JsonValue } from '../../traces/schema/trace-v1.js';
import { EMPTY_FILE, closeTokens, describeFileOp, sessionContent, type FileVersion } from './file-service.js';

/** One operation of a file-service history. */
export interface FileOp {
  /** The request's id (a close's publication names it). */
  readonly id: string;
  /** The client: sessions of one client are sequential. */
  readonly session: string;
  readonly process?: number | string;
  readonly f: string;
  readonly key: string | undefined;
  readonly input: JsonValue;
  readonly output: JsonValue | undefined;
  readonly status: 'ok' | 'fail' | 'info' | 'open';
  /** Virtual invocation time, µs (absent: the history has no times). */
  readonly invokeTime?: number;
  /** Virtual completion time, µs (absent for `info` and open ones). */
  readonly completeTime?: number;
}

/** A store the server committed. */
export interface Publication {
  readonly key: string;
  readonly v: number;
  readonly data: string;
  /** The id of the close request that stored it. */
  readonly req: string;
  /** Virtual commit time, µs. */
  readonly at: number;
  /** A Coda reintegration's record: every close it stands for (superseded ones first, `req` last) and the version it was based on. */
  readonly ids?: readonly string[];
  readonly base?: number;
}

/**
 * Disconnected operation (Coda, spec/coda): closes completed while disconnected (`{ v: null, logged: true }`)
 * and opens served from the cache while disconnected (`emulated: true`, unbounded staleness; `local: true`
 * for the client's own logged content). Every logged close must be accounted for at the end: published by a
 * reintegration, in a closure reported to its client, or still in its client's log.
 */
export interface DisconnectedAccount {
  /** Close ids of every closure reported to a client. */
  readonly closures: readonly string[];
  /** Close ids still in the clients' logs when the run ended. */
  readonly logged: readonly string[];
}

/** What the check concluded. */
export type SessionVerdict =
  | { readonly verdict: 'pass' }
  | { readonly verdict: 'unknown'; readonly reason: string }
  | { readonly verdict: 'fail'; readonly detail: string; readonly horizon: number };

interface Found {
  readonly detail: string;
  readonly horizon: number;
}

const fmt = (us: number): string => (Number.isFinite(us) ? `${(us / 1000).toFixed(3)} ms` : '∞');

function describe(op: FileOp): string {
  const done = op.completeTime === undefined ? op.status : fmt(op.completeTime);
  const t = op.invokeTime === undefined ? '' : `[${fmt(op.invokeTime)} → ${done}] `;
  return `${op.session}${op.process === undefined ? '' : ` (process ${op.process})`} ${t}${describeFileOp(op.f, op.key, op.input, op.status === 'ok' ? op.output : undefined)}${op.status === 'ok' ? '' : ` (${op.status})`}`;
}

function isObj(v: JsonValue | undefined): v is { readonly [k: string]: JsonValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks `ops` (invocation order) with the server's `publications` against session semantics with freshness bound `deltaUs`. */
export function checkSessionSemantics(ops: readonly FileOp[], publications: readonly Publication[] | undefined, deltaUs: number, coda?: DisconnectedAccount): SessionVerdict {
  if (publications === undefined) return { verdict: 'unknown', reason: 'session semantics: the history has no record of the server\'s store commits' };
  const untimed = ops.find((o) => o.invokeTime === undefined || (o.status === 'ok' && o.completeTime === undefined));
  if (untimed !== undefined) return { verdict: 'unknown', reason: `session semantics: operation ${describe(untimed)} has no virtual time, so freshness within Δ cannot be judged` };
  const found: Found[] = [];
  const byId = new Map(ops.map((o) => [o.id, o]));
  const sessionTokens = sessionWrites(ops, found);
  // 1. Publications.
  const versions = new Map<string, Publication[]>();
  const byReq = new Map<string, Publication>();
  for (const p of [...publications].sort((a, b) => a.at - b.at)) {
    let list = versions.get(p.key);
    if (list === undefined) versions.set(p.key, (list = []));
    if (p.v !== list.length + 1) found.push({ horizon: p.at, detail: `file ${JSON.stringify(p.key)}: version ${p.v} committed at ${fmt(p.at)} after version ${list.length} (versions must follow 1, 2, …)` });
    list.push(p);
    const close = byId.get(p.req);
    for (const id of p.ids ?? [p.req]) {
      if (byReq.has(id)) found.push({ horizon: p.at, detail: `file ${JSON.stringify(p.key)}: the close ${id} published twice (versions ${(byReq.get(id) as Publication).v} and ${p.v})` });
      byReq.set(id, p);
    }
    if (p.base !== undefined && p.v !== p.base + 1) {
      found.push({ horizon: p.at, detail: `file ${JSON.stringify(p.key)}: a reintegration based on version ${p.base} committed version ${p.v}, overwriting the version(s) ${p.base + 1}..${p.v - 1} stored meanwhile without a conflict` });
    }
    if (close === undefined || close.f !== 'close' || close.key !== p.key) {
      found.push({ horizon: p.at, detail: `file ${JSON.stringify(p.key)}: version ${p.v} committed at ${fmt(p.at)} by ${p.req}, which is no close of that file in the history` });
      continue;
    }
    const wrote = sessionTokens.get(close.id) ?? [];
    if (close.status === 'fail') found.push({ horizon: p.at, detail: `a close that failed published version ${p.v}: ${describe(close)}` });
    else if (wrote.length === 0) found.push({ horizon: p.at, detail: `a close of a session that wrote nothing published version ${p.v}: ${describe(close)}` });
    else if (p.data !== sessionContent(wrote)) {
      found.push({ horizon: p.at, detail: `version ${p.v} of ${JSON.stringify(p.key)} committed at ${fmt(p.at)} holds ${JSON.stringify(p.data)}, not the session's content ${JSON.stringify(sessionContent(wrote))}: ${describe(close)}` });
    }
    // A close that ended `info` may take effect at any time after its invocation (and a replayed one did, later).
    const end = p.ids !== undefined || close.status !== 'ok' ? Infinity : close.completeTime ?? Infinity;
    if (p.at < (close.invokeTime as number) || p.at > end) found.push({ horizon: p.at, detail: `version ${p.v} of ${JSON.stringify(p.key)} committed at ${fmt(p.at)}, outside its close: ${describe(close)}` });
  }
  for (const o of ops) {
    if (o.f !== 'close' || o.status !== 'ok') continue;
    const wrote = sessionTokens.get(o.id) ?? [];
    const p = byReq.get(o.id);
    const v = isObj(o.output) ? o.output['v'] : undefined;
    const at = o.completeTime as number;
    if (coda !== undefined && isObj(o.output) && o.output['logged'] === true && wrote.length > 0) {
      if (p === undefined && !coda.closures.includes(o.id) && !coda.logged.includes(o.id)) {
        found.push({ horizon: h0(ops), detail: `an update closed while disconnected was lost: it was neither reintegrated, nor reported in a closure, nor is it still in its client's log: ${describe(o)}` });
      }
      continue;
    }
    if (wrote.length === 0) {
      if (v !== null) found.push({ horizon: at, detail: `a close without writes returned version ${JSON.stringify(v)}, not null: ${describe(o)}` });
    } else if (p === undefined) found.push({ horizon: at, detail: `a close after writes completed ok but the server never committed its store: ${describe(o)}` });
    else if (v !== p.v) found.push({ horizon: at, detail: `a close returned version ${JSON.stringify(v)} but its store committed version ${p.v}: ${describe(o)}` });
  }
  // 2. Freshness of opens.
  for (const o of ops) {
    if (o.f !== 'open' || o.status !== 'ok') continue;
    const out = o.output;
    const inv = o.invokeTime as number;
    const done = o.completeTime as number;
    if (!isObj(out) || typeof out['v'] !== 'number' || typeof out['data'] !== 'string') {
      found.push({ horizon: done, detail: `an open returned ${JSON.stringify(out)}, not { v, data }: ${describe(o)}` });
      continue;
    }
    const v = out['v'];
    const list = versions.get(o.key ?? '') ?? [];
    if (coda !== undefined && out['local'] === true) {
      // The client's own content, logged while disconnected and not reintegrated yet.
      const mine = ops.some((c) => c.session === o.session && c.f === 'close' && c.key === o.key && c.status === 'ok' && isObj(c.output) && c.output['logged'] === true && (c.invokeTime as number) <= inv && sessionContent(closeTokens(c.input)) === out['data']);
      if (!mine) found.push({ horizon: done, detail: `a disconnected open returned ${JSON.stringify(out['data'])} as the client's own logged content, which no logged close of that client wrote: ${describe(o)}` });
      continue;
    }
    const mine: FileVersion & { at: number } = v === 0 ? { ...EMPTY_FILE, at: 0 } : list[v - 1] ?? { v, data: '', at: Infinity };
    if (v !== 0 && list[v - 1] === undefined) {
      found.push({ horizon: done, detail: `an open returned version ${v}, which was never published: ${describe(o)}` });
      continue;
    }
    if (mine.data !== out['data']) {
      found.push({ horizon: done, detail: `an open returned version ${v} with ${JSON.stringify(out['data'])}, but that version holds ${JSON.stringify(mine.data)}: ${describe(o)}` });
      continue;
    }
    if (mine.at > done) found.push({ horizon: done, detail: `an open returned version ${v} before it was committed (at ${fmt(mine.at)}): ${describe(o)}` });
    const next = list[v];
    // An open served while disconnected (Coda's emulation) may be arbitrarily stale.
    const emulated = coda !== undefined && out['emulated'] === true;
    if (!emulated && next !== undefined && next.at <= inv - deltaUs) {
      found.push({
        horizon: done,
        detail: `stale open: it returned version ${v} of ${JSON.stringify(o.key)}, but version ${next.v} was committed at ${fmt(next.at)}, ${fmt(inv - next.at)} before the open was invoked (bound Δ = ${fmt(deltaUs)}): ${describe(o)}`,
      });
    }
  }
  if (found.length === 0) return { verdict: 'pass' };
  const first = found.reduce((a, b) => (b.horizon < a.horizon ? b : a));
  return { verdict: 'fail', detail: first.detail, horizon: first.horizon };
}

/** The end of a history: the last time it shows, µs (an update lost is shown only when the run ended). */
function h0(ops: readonly FileOp[]): number {
  let t = 0;
  for (const o of ops) t = Math.max(t, o.completeTime ?? o.invokeTime ?? 0);
  return t;
}

/**
 * Walks each client's sessions: checks reads against the session's view and ops outside a session
 * (3.), and returns, per close request id, the tokens its session wrote (its ok writes).
 */
function sessionWrites(ops: readonly FileOp[], found: Found[]): Map<string, string[]> {
  interface Session { readonly key: string | undefined; readonly opened: string | undefined; readonly writes: string[] }
  const current = new Map<string, Session | undefined>();
  const tokens = new Map<string, string[]>();
  for (const o of ops) {
    const done = o.completeTime ?? Infinity;
    if (o.f === 'open') {
      if (o.status === 'fail') current.set(o.session, undefined);
      else {
        const data = o.status === 'ok' && isObj(o.output) && typeof o.output['data'] === 'string' ? o.output['data'] : undefined;
        current.set(o.session, { key: o.key, opened: data, writes: [] });
      }
      continue;
    }
    const s = current.get(o.session);
    if (s === undefined || s.key !== o.key) {
      if (o.status === 'ok') found.push({ horizon: done, detail: `a ${o.f} succeeded outside a session on ${JSON.stringify(o.key)}: ${describe(o)}` });
      continue;
    }
    if (o.f === 'write') {
      if (o.status === 'ok' && typeof o.input === 'string') s.writes.push(o.input);
    } else if (o.f === 'read' && o.status === 'ok') {
      const view = s.writes.length > 0 ? sessionContent(s.writes) : s.opened;
      if (view !== undefined && o.output !== view) {
        found.push({ horizon: done, detail: `a read returned ${JSON.stringify(o.output)}, but its session's view is ${JSON.stringify(view)}: ${describe(o)}` });
      }
    } else if (o.f === 'close') {
      tokens.set(o.id, [...s.writes]);
      const planned = closeTokens(o.input);
      if (o.status === 'ok' && sessionContent(planned) !== sessionContent(s.writes)) {
        found.push({ horizon: done, detail: `a close named the tokens ${JSON.stringify(planned)}, but its session wrote ${JSON.stringify(s.writes)}: ${describe(o)}` });
      }
      current.set(o.session, undefined);
    }
  }
  return tokens;
}
