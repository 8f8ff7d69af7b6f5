/**
 * The per-process timeline of one key: a lane per process, a bar per
 * operation from invocation to completion (ok, fail and indeterminate drawn
 * differently), the witness's operations outlined, the longest linearizable
 * prefix numbered in its order, the operation that cannot be placed after it
 * marked, and the cut. A key with many operations is drawn in full around
 * the violation and sampled elsewhere, with a strip showing where all of
 * them are.
 */
import { html, jsonText, safe, shown } from './escape.js';
import type { ShownOp } from './report-trace.js';
import { fmtTime } from '../run/format-time.js';

/** Operations drawn per key at most (the rest are sampled out and counted). */
export const MAX_BARS = 600;

const W = 1200;
const LEFT = 96;
const LANE = 22;
const TOP = 34;
/** Room on the right for the labels of the last operations. */
const RIGHT = 170;

/** How an operation takes part in the witness. */
export interface WitnessRole {
  readonly inWitness: boolean;
  /** 1-based place in the longest linearizable prefix. */
  readonly order?: number;
  /** Index in the stuck list (0 = the culprit). */
  readonly stuck?: number;
  /** What the plain-words explanation says of it (the read and the write it misses). */
  readonly note?: string;
  /** Put the note after the bar's end rather than above its start (the read: the write it misses often ends where it begins). */
  readonly noteAtEnd?: boolean;
}

/** The position axis of a timeline: virtual time (µs) or line numbers. */
export interface Axis {
  readonly timed: boolean;
  readonly start: (o: ShownOp) => number;
  readonly end: (o: ShownOp) => number | undefined;
  readonly label: (x: number) => string;
}

/** The axis for a trace: time when every operation has one, else lines. */
export function axisOf(timed: boolean): Axis {
  if (timed) {
    return { timed, start: (o) => o.callTime ?? 0, end: (o) => o.retTime, label: (x) => fmtTime(x) };
  }
  return { timed, start: (o) => o.callLine, end: (o) => o.retLine, label: (x) => `line ${Math.round(x)}` };
}

const fx = (n: number): string => (Number.isFinite(n) ? n.toFixed(1) : '0');

/** One operation in words, as hover and detail show it. */
export function describeOp(o: ShownOp, role: WitnessRole | undefined): string {
  const key = o.key === null ? '' : ` ${jsonText(o.key)}`;
  const what = o.status === 'ok' && o.output !== undefined && (o.input === null || o.f === 'get' || o.f === 'read')
    ? `${o.f}${key} -> ${jsonText(o.output)}`
    : `${o.f}${key}${o.input === null ? '' : ` ${jsonText(o.input)}`}`;
  const when = o.callTime === undefined ? '' : ` [${fmtTime(o.callTime)} → ${o.retTime === undefined ? 'open' : fmtTime(o.retTime)}]`;
  const lines = `line ${o.callLine} .. ${o.retLine === undefined ? 'no completion' : `line ${o.retLine}`}`;
  let r = '';
  if (role?.order !== undefined) r = ` — witness, #${role.order} of the longest linearizable prefix`;
  else if (role?.stuck === 0) r = ' — witness: cannot be placed after the linearizable prefix';
  else if (role?.stuck !== undefined) r = ' — witness: no order places it next either';
  else if (role?.inWitness) r = ' — witness';
  if (role?.note !== undefined) r += ` (${role.note})`;
  return shown(`process ${String(o.process)}: ${what} ${o.status}${when} (${lines})${r}`, 400);
}

/** Picks the operations to draw: all when few, else the window around the witness in full and a deterministic sample of the rest. */
export function pickOps(ops: readonly ShownOp[], roles: ReadonlyMap<number, WitnessRole>, window: readonly [number, number] | undefined, axis: Axis, max = MAX_BARS): ShownOp[] {
  if (ops.length <= max) return [...ops];
  const keep = new Set<number>();
  for (const o of ops) if (roles.has(o.callLine)) keep.add(o.idx);
  if (window !== undefined) {
    const [a, b] = window;
    const mid = (a + b) / 2;
    const inWin = ops.filter((o) => axis.start(o) <= b && (axis.end(o) ?? Infinity) >= a && !keep.has(o.idx))
      .sort((x, y) => Math.abs(axis.start(x) - mid) - Math.abs(axis.start(y) - mid) || x.idx - y.idx);
    for (const o of inWin) {
      if (keep.size >= max * 0.75) break;
      keep.add(o.idx);
    }
  }
  const rest = ops.filter((o) => !keep.has(o.idx));
  const room = Math.max(0, max - keep.size);
  const stride = rest.length / Math.max(1, room);
  for (let i = 0; i < room && Math.floor(i * stride) < rest.length; i++) keep.add(rest[Math.floor(i * stride)]!.idx);
  return ops.filter((o) => keep.has(o.idx));
}

/** Lane order: numeric process ids ascending, then named ones. */
function laneOrder(a: ShownOp['process'], b: ShownOp['process']): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Input of one key's timeline. */
export interface TimelineInput {
  readonly ops: readonly ShownOp[];
  readonly axis: Axis;
  readonly roles: ReadonlyMap<number, WitnessRole>;
  /** The witness's extent on the axis and the cut (for the key of the witness). */
  readonly window?: readonly [number, number];
  readonly cut?: number;
  /** Messages of each operation (by `idx`), for the link to the message diagram. */
  readonly messagesOf: ReadonlyMap<number, readonly string[]>;
  readonly opId: (o: ShownOp) => string;
  /** Draw only this stretch of the axis (the window around the violation); default: everything. */
  readonly domain?: readonly [number, number];
  /** Faults on the same axis, drawn as bands behind the operations (a marker when they have no length). */
  readonly faults?: readonly { readonly from: number; readonly to: number; readonly kind: string; readonly text: string }[];
}

/** The SVG of one key's timeline, with a note of what was sampled. */
export function renderTimeline(t: TimelineInput): string {
  const { axis, roles } = t;
  let lo = Infinity;
  let hi = -Infinity;
  for (const o of t.ops) {
    lo = Math.min(lo, axis.start(o));
    hi = Math.max(hi, axis.end(o) ?? axis.start(o));
  }
  const lastPos = hi;
  if (t.domain !== undefined) [lo, hi] = t.domain;
  if (!Number.isFinite(lo)) lo = hi = 0;
  if (hi <= lo) hi = lo + 1;
  const ops = t.domain === undefined ? t.ops : t.ops.filter((o) => axis.start(o) <= hi && (axis.end(o) ?? Infinity) >= lo);
  const drawn = pickOps(ops, roles, t.window, axis);
  const x = (v: number): number => LEFT + ((Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo)) * (W - LEFT - RIGHT);
  const procs = [...new Set(drawn.map((o) => o.process))].sort(laneOrder);
  const laneOf = new Map(procs.map((p, i) => [p, i]));
  const height = TOP + procs.length * LANE + 24;
  const out: string[] = [];
  // Lanes and labels.
  procs.forEach((p, i) => {
    const y = TOP + i * LANE;
    out.push(`<line class="lane" x1="${LEFT}" x2="${W}" y1="${y + LANE}" y2="${y + LANE}"/><text class="lbl" x="4" y="${y + 17}">${safe(`p ${String(p)}`, 14)}</text>`);
  });
  // Axis with ticks.
  out.push(`<line class="axis" x1="${LEFT}" x2="${W - RIGHT}" y1="${TOP - 2}" y2="${TOP - 2}"/>`);
  // Eight ticks; on the line axis whole lines only.
  const step = axis.timed ? (hi - lo) / 8 : Math.max(1, Math.ceil((hi - lo) / 8));
  for (let v = axis.timed ? lo : Math.ceil(lo); v <= hi + 1e-9; v += step) {
    const anchor = x(v) < LEFT + 20 ? 'start' : x(v) > W - RIGHT - 20 ? 'end' : 'middle';
    out.push(`<text class="tick" x="${fx(x(v))}" y="${TOP - 6}" text-anchor="${anchor}">${html(axis.label(v))}</text>`);
  }
  // Where all operations are (including those not drawn).
  const buckets = new Array<number>(200).fill(0);
  for (const o of ops) buckets[Math.max(0, Math.min(199, Math.floor(((axis.start(o) - lo) / (hi - lo)) * 200)))]!++;
  const peak = Math.max(1, ...buckets);
  buckets.forEach((n, i) => {
    if (n === 0) return;
    const h = (n / peak) * 8;
    out.push(`<rect class="dens" x="${fx(LEFT + (i / 200) * (W - LEFT - RIGHT))}" y="${fx(TOP - 20 - h + 8)}" width="${fx((W - LEFT - RIGHT) / 200)}" height="${fx(h)}"/>`);
  });
  for (const f of t.faults ?? []) {
    if (f.to < lo || f.from > hi) continue;
    const cls = f.kind === 'crash' ? 'crash' : f.kind === 'net' ? 'netf' : f.kind === 'clock' ? 'clk' : 'fault';
    const w = Math.max(2, x(f.to) - x(f.from));
    out.push(`<rect class="${cls}" x="${fx(x(f.from))}" y="${TOP}" width="${fx(w)}" height="${procs.length * LANE}" data-d="${html(shown(f.text, 300))}"/>`);
    if (w > 40) out.push(`<text class="note" x="${fx(x(f.from) + 2)}" y="${TOP + procs.length * LANE + 12}">${html(shown(f.text, Math.max(4, Math.floor(w / 7) - 14)))}</text>`);
  }
  if (t.window !== undefined && t.domain === undefined) {
    const [a, b] = t.window;
    out.push(`<rect class="win" x="${fx(x(a))}" y="${TOP}" width="${fx(Math.max(2, x(b) - x(a)))}" height="${procs.length * LANE}"/>`);
  }
  for (const o of drawn) {
    const role = roles.get(o.callLine);
    const s = axis.start(o);
    const e = axis.end(o) ?? lastPos;
    const y = TOP + (laneOf.get(o.process) ?? 0) * LANE + 8;
    const cls = `op ${o.status}${role?.inWitness ? ' w' : ''}${role?.order !== undefined ? ' lin' : ''}${role?.stuck === 0 ? ' stuck' : ''}`;
    const msgs = t.messagesOf.get(o.idx);
    const m = msgs === undefined || msgs.length === 0 ? '' : ` data-m="${msgs.join(' ')}"`;
    out.push(`<rect class="${cls}" x="${fx(x(s))}" y="${y}" width="${fx(Math.max(2, x(e) - x(s)))}" height="12" data-op="${t.opId(o)}"${m} data-d="${html(describeOp(o, role))}"/>`);
    if (role?.order !== undefined) out.push(`<text class="lbl" x="${fx(x(s) + 2)}" y="${y - 1}">${role.order}</text>`);
    if (role?.stuck === 0) out.push(`<text class="mark" x="${fx(x(e) + 4)}" y="${y + 10}">✗ cannot be placed</text>`);
    if (role?.note !== undefined) {
      out.push(role.noteAtEnd === true
        ? `<text class="mark" x="${fx(x(e) + 4)}" y="${y + 10 + (role.stuck === 0 ? 13 : 0)}">◀ ${html(role.note)}</text>`
        : `<text class="mark" x="${fx(x(s) + (role.order === undefined ? 2 : 16))}" y="${y - 1}">▼ ${html(role.note)}</text>`);
    }
  }
  if (t.cut !== undefined) {
    out.push(`<line class="cut" x1="${fx(x(t.cut))}" x2="${fx(x(t.cut))}" y1="${TOP}" y2="${TOP + procs.length * LANE}"/><text class="mark" x="${fx(x(t.cut) + 3)}" y="${TOP + procs.length * LANE + 14}">cut: not linearizable by here</text>`);
  }
  const note = drawn.length < ops.length
    ? `<p class="note">${drawn.length} of ${ops.length} operations drawn (${t.window === undefined ? 'an even sample' : 'all near the witness, a sample elsewhere'}); the grey strip above the lanes counts all of them.</p>`
    : '';
  return `<div class="tools"><button data-z="in">zoom in</button><button data-z="out">zoom out</button><button data-z="reset">reset</button> <span class="note">wheel to zoom, drag to pan, double-click for the whole key</span></div>` +
    `<div class="fig"><svg class="zoom timeline" data-axis="x" viewBox="0 0 ${W} ${height}" height="${height}" preserveAspectRatio="none" xmlns="http://www.w3.org/2000/svg">${out.join('')}</svg></div>${note}`;
}
