/**
 * The network of a simulated run, drawn: a message-sequence diagram (a
 * column per node, time downwards, an arrow per message from send to
 * delivery, a cross where one was dropped) with the faults as regions —
 * partitions across the diagram, a crashed node's column from crash to
 * restart, loss and duplication bursts — and clock faults as markers.
 *
 * An operation's messages are those that happen after its invocation and
 * before its completion in the run's happens-before order (node order plus
 * send → deliver). The trace's lines are a total order consistent with it,
 * so one sweep forward from the invocation and one backward from the
 * completion find them.
 */
import { html, jsonText, shown } from './escape.js';
import type { ShownEvent, ShownOp } from './report-trace.js';
import { fmtTime } from '../run/format-time.js';

/** Messages drawn at most; a busier window keeps those nearest the violation. */
export const MAX_MESSAGES = 1200;

/** One message, from its events. */
export interface Message {
  readonly id: number;
  readonly from: string;
  readonly to: string;
  readonly sendLine: number;
  readonly sendTime: number;
  readonly msg: unknown;
  deliverLine?: number;
  deliverTime?: number;
  dropLine?: number;
  dropTime?: number;
  dropReason?: string;
}

/** A fault drawn as a region (or a marker when it has no duration). */
export interface FaultRegion {
  readonly kind: 'partition' | 'crash' | 'net' | 'clock';
  readonly from: number;
  readonly to: number;
  readonly node?: string;
  readonly line: number;
  readonly text: string;
}

/** Messages by id, in send order. */
export function messagesOf(events: readonly ShownEvent[]): Message[] {
  const byId = new Map<number, Message>();
  for (const ev of events) {
    const e = ev.e;
    if (ev.type === 'send') {
      byId.set(Number(e['id']), { id: Number(e['id']), from: String(e['from']), to: String(e['to']), sendLine: ev.line, sendTime: ev.time, msg: e['msg'] });
    } else if (ev.type === 'duplicate') {
      const orig = byId.get(Number(e['id']));
      if (orig !== undefined) byId.set(Number(e['copy']), { ...orig, id: Number(e['copy']) });
    } else if (ev.type === 'deliver' || ev.type === 'drop') {
      const m = byId.get(Number(e['id']));
      if (m === undefined) continue;
      if (ev.type === 'deliver') {
        m.deliverLine ??= ev.line;
        m.deliverTime ??= ev.time;
      } else {
        m.dropLine = ev.line;
        m.dropTime = ev.time;
        m.dropReason = String(e['reason']);
      }
    }
  }
  return [...byId.values()].sort((a, b) => a.sendLine - b.sendLine || a.id - b.id);
}

/** The faults of a run as regions, each until the event that ends it (or the end of the run). */
export function faultRegions(events: readonly ShownEvent[], end: number): FaultRegion[] {
  const out: FaultRegion[] = [];
  let part: { from: number; line: number; text: string } | undefined;
  let net: { from: number; line: number; text: string } | undefined;
  const down = new Map<string, { from: number; line: number; text: string }>();
  const closePart = (t: number) => {
    if (part !== undefined) out.push({ kind: 'partition', from: part.from, to: t, line: part.line, text: part.text });
    part = undefined;
  };
  for (const ev of events) {
    const e = ev.e;
    switch (ev.type) {
      case 'partition': {
        closePart(ev.time);
        const groups = Array.isArray(e['groups']) ? ` ${(e['groups'] as unknown[][]).map((g) => g.map(String).join(' ')).join(' | ')}` : '';
        const blocked = Array.isArray(e['blocked']) ? `, ${e['blocked'].length} links cut` : '';
        part = { from: ev.time, line: ev.line, text: `partition ${String(e['shape'])}${groups}${blocked}` };
        break;
      }
      case 'heal':
        closePart(ev.time);
        break;
      case 'crash':
        down.set(String(e['node']), { from: ev.time, line: ev.line, text: `crash ${String(e['node'])}${e['diskLoss'] === true ? ' with disk loss' : ''}` });
        break;
      case 'restart': {
        const d = down.get(String(e['node']));
        if (d !== undefined) out.push({ kind: 'crash', from: d.from, to: ev.time, node: String(e['node']), line: d.line, text: `${d.text}, restarted at ${fmtTime(ev.time)}` });
        down.delete(String(e['node']));
        break;
      }
      case 'net': {
        if (net !== undefined) out.push({ kind: 'net', from: net.from, to: ev.time, line: net.line, text: net.text });
        const loss = Number(e['loss']);
        const dup = Number(e['duplicate']);
        net = { from: ev.time, line: ev.line, text: `network loss ${loss}, duplication ${dup}` };
        break;
      }
      case 'clock':
        // Each node's initial drift at time 0 is its configuration, not a fault.
        if (ev.time > 0) {
          const parts = [e['drift'] === undefined ? '' : `drift ${Number(e['drift'])}`, e['jump'] === undefined ? '' : `jump ${fmtTime(Number(e['jump']))}`].filter((p) => p !== '');
          out.push({ kind: 'clock', from: ev.time, to: ev.time, node: String(e['node']), line: ev.line, text: `clock ${String(e['node'])} ${parts.join(', ')}` });
        }
        break;
      case 'nemesis':
        out.push({ kind: 'partition', from: ev.time, to: ev.time, line: ev.line, text: `nemesis ${String(e['f'])} ${String(e['phase'])}` });
        break;
      default:
        break;
    }
  }
  closePart(end);
  if (net !== undefined) out.push({ kind: 'net', from: net.from, to: end, line: net.line, text: net.text });
  for (const [node, d] of [...down].sort(([a], [b]) => (a < b ? -1 : 1))) out.push({ kind: 'crash', from: d.from, to: end, node, line: d.line, text: `${d.text}, not restarted` });
  return out.sort((a, b) => a.from - b.from || a.line - b.line);
}

/** The ids of the messages of each operation (by `idx`): after its invocation, before its completion, in happens-before order. */
export function linkMessages(ops: readonly ShownOp[], msgs: readonly Message[]): Map<number, number[]> {
  type Ev = { line: number; kind: 'send' | 'deliver'; m: Message };
  const evs: Ev[] = [];
  for (const m of msgs) {
    evs.push({ line: m.sendLine, kind: 'send', m });
    if (m.deliverLine !== undefined) evs.push({ line: m.deliverLine, kind: 'deliver', m });
  }
  evs.sort((a, b) => a.line - b.line || (a.kind === b.kind ? a.m.id - b.m.id : a.kind === 'send' ? -1 : 1));
  const byId = new Map(msgs.map((m) => [m.id, m]));
  /** The index of the first event at a line greater than `line`. */
  const after = (line: number): number => {
    let lo = 0;
    let hi = evs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((evs[mid] as Ev).line <= line) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const out = new Map<number, number[]>();
  for (const o of ops) {
    if (o.node === undefined) continue;
    const end = o.retLine ?? Infinity;
    const reached = new Map<string, number>([[o.node, o.callLine]]);
    const fwd = new Set<number>();
    for (let i = after(o.callLine); i < evs.length; i++) {
      const e = evs[i] as Ev;
      if (e.line >= end) break;
      if (e.kind === 'send') {
        const r = reached.get(e.m.from);
        if (r !== undefined && r < e.line) fwd.add(e.m.id);
      } else if (fwd.has(e.m.id) && !reached.has(e.m.to)) reached.set(e.m.to, e.line);
    }
    if (end === Infinity) {
      out.set(o.idx, [...fwd].sort((a, b) => a - b));
      continue;
    }
    const latest = new Map<string, number>([[o.node, end]]);
    const mine: number[] = [];
    for (let i = after(end - 0.5) - 1; i >= 0; i--) {
      const e = evs[i]!;
      if (e.line >= end || e.kind !== 'deliver') continue;
      if (e.line <= o.callLine) break;
      const l = latest.get(e.m.to);
      if (l !== undefined && e.line < l) latest.set(e.m.from, Math.max(latest.get(e.m.from) ?? -1, e.m.sendLine));
    }
    for (const id of fwd) {
      const m = byId.get(id);
      if (m === undefined) continue;
      const at = m.deliverLine !== undefined && m.deliverLine < end ? m.deliverLine : m.dropLine !== undefined && m.dropLine < end ? m.sendLine : undefined;
      const node = m.deliverLine !== undefined && m.deliverLine < end ? m.to : m.from;
      if (at !== undefined && at <= (latest.get(node) ?? -1)) mine.push(id);
    }
    out.set(o.idx, mine.sort((a, b) => a - b));
  }
  return out;
}

/** Node columns: servers first, then clients, each in natural order. */
export function nodeOrder(names: Iterable<string>): string[] {
  const nat = (s: string): [string, number] => {
    const m = /^(.*?)(\d+)$/.exec(s);
    return m === null ? [s, -1] : [m[1] ?? '', Number(m[2])];
  };
  return [...new Set(names)].sort((a, b) => {
    const [pa, na] = nat(a);
    const [pb, nb] = nat(b);
    const ca = pa === 'c' ? 1 : 0;
    const cb = pb === 'c' ? 1 : 0;
    return ca - cb || (pa < pb ? -1 : pa > pb ? 1 : na - nb);
  });
}

/** Input of the diagram. */
export interface DiagramInput {
  readonly msgs: readonly Message[];
  readonly faults: readonly FaultRegion[];
  /** Client operations drawn on their node's column (with their ids for the link). */
  readonly ops: readonly { readonly op: ShownOp; readonly id: string; readonly d: string; readonly witness: boolean; readonly m: readonly string[] }[];
  /** The stretch of time drawn. */
  readonly from: number;
  readonly to: number;
  readonly msgId: (m: Message) => string;
  /** Moments to mark across the diagram: where a property was found broken. */
  readonly marks?: readonly { readonly time: number; readonly text: string }[];
}

const fx = (n: number): string => (Number.isFinite(n) ? n.toFixed(1) : '0');

function describeMessage(m: Message): string {
  const end = m.deliverTime !== undefined ? `delivered ${fmtTime(m.deliverTime)} (line ${m.deliverLine})` : m.dropTime !== undefined ? `dropped ${fmtTime(m.dropTime)} (${m.dropReason}, line ${m.dropLine})` : 'never delivered';
  return shown(`message #${m.id} ${m.from} → ${m.to}: sent ${fmtTime(m.sendTime)} (line ${m.sendLine}), ${end}: ${jsonText(m.msg)}`, 400);
}

/** The message-sequence diagram of the window `from..to`. */
export function renderDiagram(d: DiagramInput): string {
  const nodes = nodeOrder([...d.msgs.flatMap((m) => [m.from, m.to]), ...d.ops.map((o) => o.op.node ?? ''), ...d.faults.flatMap((f) => (f.node === undefined ? [] : [f.node]))].filter((n) => n !== ''));
  const W = 1200;
  const LEFT = 80;
  const TOP = 30;
  const colW = (W - LEFT - 40) / Math.max(1, nodes.length - 1 || 1);
  const H = Math.min(2400, Math.max(420, d.msgs.length * 5));
  const span = Math.max(1e-9, d.to - d.from);
  const y = (t: number): number => TOP + ((Math.min(d.to, Math.max(d.from, t)) - d.from) / span) * H;
  const colX = new Map(nodes.map((n, i) => [n, LEFT + i * colW]));
  const out: string[] = ['<defs><marker id="arr" viewBox="0 0 6 6" refX="6" refY="3" markerWidth="7" markerHeight="7" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0L6,3L0,6z" fill="#7b8799"/></marker></defs>'];
  for (const f of d.faults) {
    if (f.to < d.from || f.from > d.to) continue;
    const dd = html(shown(`${f.text} (${fmtTime(f.from)}${f.to > f.from ? ` → ${fmtTime(f.to)}` : ''}, line ${f.line})`, 400));
    if (f.kind === 'clock') {
      const cx = colX.get(f.node ?? '') ?? LEFT;
      out.push(`<path class="clk" d="M${fx(cx)},${fx(y(f.from) - 5)}l5,5l-5,5l-5,-5z" data-d="${dd}"/>`);
    } else if (f.kind === 'crash') {
      const cx = colX.get(f.node ?? '') ?? LEFT;
      out.push(`<rect class="crash" x="${fx(cx - 10)}" y="${fx(y(f.from))}" width="20" height="${fx(Math.max(3, y(f.to) - y(f.from)))}" data-d="${dd}"/>`);
    } else {
      out.push(`<rect class="${f.kind === 'net' ? 'netf' : 'fault'}" x="${LEFT - 30}" y="${fx(y(f.from))}" width="${W - LEFT + 20}" height="${fx(Math.max(3, y(f.to) - y(f.from)))}" data-d="${dd}"/>` +
        `<text class="mark" x="${W - 8}" y="${fx(y(f.from) + 12)}" text-anchor="end">${html(shown(f.text, 60))}</text>`);
    }
  }
  for (const n of nodes) {
    const cx = colX.get(n) ?? 0;
    out.push(`<line class="lane" x1="${fx(cx)}" x2="${fx(cx)}" y1="${TOP}" y2="${TOP + H}"/><text class="lbl" x="${fx(cx)}" y="${TOP - 8}" text-anchor="middle">${html(shown(n, 12))}</text>`);
  }
  for (let i = 0; i <= 8; i++) {
    const t = d.from + (span * i) / 8;
    out.push(`<text class="tick" x="4" y="${fx(y(t) + 4)}">${html(fmtTime(t))}</text>`);
  }
  for (const o of d.ops) {
    const cx = colX.get(o.op.node ?? '');
    if (cx === undefined) continue;
    const a = y(o.op.callTime ?? d.from);
    const b = y(o.op.retTime ?? d.to);
    const m = o.m.length === 0 ? '' : ` data-m="${o.m.join(' ')}"`;
    out.push(`<rect class="op ${o.op.status}${o.witness ? ' w' : ''}" x="${fx(cx - 4)}" y="${fx(a)}" width="8" height="${fx(Math.max(2, b - a))}" data-op="${o.id}"${m} data-d="${html(o.d)}"/>`);
  }
  for (const m of d.msgs) {
    const x1 = colX.get(m.from) ?? 0;
    const x2 = colX.get(m.to) ?? 0;
    const y1 = y(m.sendTime);
    const dd = html(describeMessage(m));
    if (m.deliverTime !== undefined) {
      out.push(`<line class="msg" x1="${fx(x1)}" y1="${fx(y1)}" x2="${fx(x2)}" y2="${fx(y(m.deliverTime))}" marker-end="url(#arr)" data-mid="${d.msgId(m)}" data-d="${dd}"/>`);
    } else {
      const t2 = m.dropTime ?? m.sendTime;
      const xm = (x1 + x2) / 2;
      const ym = (y1 + y(t2)) / 2 + 4;
      out.push(`<g data-mid="${d.msgId(m)}" data-d="${dd}" class="msg drop"><line class="msg drop" x1="${fx(x1)}" y1="${fx(y1)}" x2="${fx(xm)}" y2="${fx(ym)}"/><path class="x" d="M${fx(xm - 4)},${fx(ym - 4)}l8,8m0,-8l-8,8"/></g>`);
    }
  }
  for (const k of d.marks ?? []) {
    if (k.time < d.from || k.time > d.to) continue;
    out.push(`<line class="cut" x1="${LEFT - 30}" x2="${W - 10}" y1="${fx(y(k.time))}" y2="${fx(y(k.time))}" data-d="${html(shown(`${k.text} at ${fmtTime(k.time)}`, 300))}"/>` +
      `<text class="mark" x="${LEFT - 28}" y="${fx(y(k.time) - 3)}">${html(shown(k.text, 80))}</text>`);
  }
  const height = TOP + H + 10;
  return `<div class="tools"><button data-z="in">zoom in</button><button data-z="out">zoom out</button><button data-z="reset">reset</button> <span class="note">time runs downwards; wheel to zoom, drag to pan</span></div>` +
    `<div class="fig"><svg class="zoom msd" data-axis="y" viewBox="0 0 ${W} ${height}" height="${height}" preserveAspectRatio="none" xmlns="http://www.w3.org/2000/svg">${out.join('')}</svg></div>`;
}

/**
 * The fault annotations of a history without times (Jepsen's `:nemesis` process) as regions on the
 * line axis: a `start…` from its first event to the next `stop…` (or the end), anything else a marker.
 */
export function annotationRegions(annotations: readonly { readonly line: number; readonly f: string; readonly value: unknown; readonly phase: string }[], lastLine: number): FaultRegion[] {
  const out: FaultRegion[] = [];
  let open: { from: number; text: string } | undefined;
  for (const a of annotations) {
    if (a.phase === 'world') continue;
    const what = `nemesis ${a.f}${a.value === undefined || a.value === null ? '' : ` ${jsonText(a.value)}`}`;
    if (a.f.startsWith('start')) {
      open ??= { from: a.line, text: what };
    } else if (a.f.startsWith('stop')) {
      if (open !== undefined) out.push({ kind: 'partition', from: open.from, to: a.line, line: open.from, text: `${open.text} … ${a.f} at line ${a.line}` });
      open = undefined;
    } else out.push({ kind: 'partition', from: a.line, to: a.line, line: a.line, text: what });
  }
  if (open !== undefined) out.push({ kind: 'partition', from: open.from, to: Math.max(open.from, lastLine), line: open.from, text: `${open.text}, not stopped` });
  return out;
}
