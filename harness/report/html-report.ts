/**
 * The HTML report: one self-contained file (inline SVG, one inline style and
 * one inline script allowed by hash, no URL anywhere) with a section per
 * input or failing seed, and for whole runs the summary and coverage.
 * Everything from a trace goes through escape.ts. The output is a pure
 * function of its input: no clock, no randomness, maps iterated in sorted
 * or file order, numbers printed with fixed decimals — the same input gives
 * the same bytes.
 */
import type { Witness } from '../../spec/check-result.js';
import { howMinimized } from '../check/build-witness.js';
import type { RunSummary } from '../run/summary.js';
import { fmtTime } from '../run/format-time.js';
import type { Analysis } from './analyze.js';
import { html, jsonText, safe, safeLines, shown } from './escape.js';
import { renderLatency } from './latency-chart.js';
import { MAX_MESSAGES, annotationRegions, faultRegions, linkMessages, messagesOf, renderDiagram, type FaultRegion, type Message } from './messages.js';
import { CSP, SCRIPT, STYLE } from './page-assets.js';
import { lastOpLine, traceEnd, type ShownOp } from './report-trace.js';
import { axisOf, describeOp, renderTimeline, type WitnessRole } from './timeline.js';

/** What was shrunk: the original and the minimal case's sizes. */
export interface ShrinkSizes {
  readonly originalOps: number;
  readonly originalFaults: number;
  readonly shrunkOps: number;
  readonly shrunkFaults: number;
  readonly simulations: number;
}

/** One section: an analyzed input, with what the caller knows besides (replay command, shrink sizes). */
export interface ReportSection {
  readonly heading: string;
  readonly analysis: Analysis;
  readonly replay?: string;
  readonly shrink?: ShrinkSizes;
  /** The original (unshrunk) run's failure, as the terminal printed it. */
  readonly originalFailure?: string;
}

/** A whole report. */
export interface ReportDocument {
  readonly title: string;
  readonly sections: readonly ReportSection[];
  /** A whole run's summary, as the terminal printed it, and its figures for the coverage table. */
  readonly summaryText?: string;
  readonly summary?: RunSummary;
}

/** Keys given a tab at most (the witness's key first, then the busiest). */
export const MAX_KEYS = 40;
/** Operations linked to their messages at most per section. */
const MAX_LINKED = 300;

function verdictClass(v: string): string {
  if (v === 'pass' || v === 'linearizable' || v === 'PASSED') return 'verdict-good';
  if (v === 'unknown') return 'verdict-unknown';
  return 'verdict-bad';
}

function rolesOf(w: Witness | undefined): Map<number, WitnessRole> {
  const roles = new Map<number, WitnessRole>();
  if (w === undefined) return roles;
  for (const o of w.ops) roles.set(o.lines.invoke, { inWitness: true });
  w.linearized.forEach((o, i) => roles.set(o.lines.invoke, { inWitness: true, order: i + 1 }));
  w.stuck.forEach((o, i) => {
    const r = roles.get(o.lines.invoke);
    if (r?.order === undefined) roles.set(o.lines.invoke, { inWitness: true, stuck: i });
  });
  return roles;
}

function where(o: Witness['ops'][number]): string {
  const l = o.lines;
  if (l.complete !== null) return `line ${l.invoke} .. line ${l.complete}`;
  if (l.completesAfterCut !== undefined) return `line ${l.invoke} .. open at the cut (completes at line ${l.completesAfterCut})`;
  if (l.info !== undefined) return `line ${l.invoke} .. info at line ${l.info}`;
  return `line ${l.invoke} .. no completion`;
}

function witnessTable(w: Witness, opIdOfLine: (line: number) => string | undefined, roles: ReadonlyMap<number, WitnessRole>, byLine: ReadonlyMap<number, ShownOp>): string {
  const rows = w.ops.map((o) => {
    const r = roles.get(o.lines.invoke);
    const role = r?.order !== undefined ? `#${r.order} of the linearizable prefix` : r?.stuck === 0 ? '<b>cannot be placed next</b>' : r?.stuck !== undefined ? 'cannot be placed next either' : '';
    const id = opIdOfLine(o.lines.invoke);
    const op = byLine.get(o.lines.invoke);
    const times = op?.callTime === undefined ? '' : `${fmtTime(op.callTime)} → ${op.retTime === undefined ? 'open' : fmtTime(op.retTime)}`;
    const d = op === undefined ? o.describe : describeOp(op, r);
    return `<tr class="row"${id === undefined ? '' : ` data-op="${id}"`} data-d="${html(shown(d, 400))}"><td>${safe(String(o.process), 20)}</td><td class="v">${safe(o.describe, 200)}</td><td>${o.status}</td><td>${html(where(o))}</td><td>${html(times)}</td><td>${role}</td></tr>`;
  });
  return `<table class="witness"><thead><tr><th>process</th><th>operation</th><th>status</th><th>invoked .. completed</th><th>times</th><th>in the search</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function facts(s: ReportSection): string {
  const t = s.analysis.trace;
  const h = t.header;
  const rows: [string, string][] = [['input', safe(t.source, 300)]];
  if (h?.subsystem !== undefined) rows.push(['subsystem', safe(h.subsystem)]);
  if (h?.mutant !== undefined && h.mutant !== null) rows.push(['mutant', safe(h.mutant)]);
  if (h?.seed !== undefined) rows.push(['seed', html(String(h.seed))]);
  if (h?.inputs !== undefined) rows.push(['world seed', html(String(h.inputs.worldSeed))]);
  if (s.analysis.model !== undefined) rows.push(['model', safe(s.analysis.model)]);
  const failed = t.ops.filter((o) => o.status === 'fail').length + (t.history.format === 'jsonl' ? 0 : t.history.failed);
  rows.push(['operations', html(`${t.ops.length} (${t.ops.filter((o) => o.status === 'ok').length} ok, ${failed} fail, ${t.ops.filter((o) => o.status === 'info').length} indeterminate)`)]);
  if (t.events.length > 0) rows.push(['network', html(`${t.events.filter((e) => e.type === 'send').length} messages sent, ${t.events.filter((e) => e.type === 'drop').length} dropped`)]);
  if (s.shrink !== undefined) {
    const k = s.shrink;
    rows.push(['shrunk', html(`from ${k.originalOps} operations and ${k.originalFaults} faults to ${k.shrunkOps} operations and ${k.shrunkFaults} faults (${k.simulations} simulations)`)]);
  } else if (h?.shrunk === true) rows.push(['shrunk', 'yes (this is the minimal case)']);
  if (s.replay !== undefined) rows.push(['replay', `<code class="v">${safe(s.replay, 600)}</code>`]);
  rows.push(['times', t.timed ? 'virtual time, in ms (three decimals) throughout; lines are the file\'s 1-based lines' : 'the file has no times: positions are its 1-based lines']);
  return `<table class="facts"><colgroup><col class="k"><col></colgroup><tbody>${rows.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('')}</tbody></table>`;
}

function brokenTable(a: Analysis): string {
  if (a.broken.length === 0) return '';
  const rows = a.broken.map((b) => `<tr><td>${safe(b.property)}</td><td>${safe(b.kind)}</td><td>${html(fmtTime(b.time))}</td><td>line ${b.line}</td><td><pre class="v">${safeLines(b.detail, 4000)}</pre></td></tr>`);
  return `<h3>Properties that failed</h3><table class="props"><thead><tr><th>property</th><th>kind</th><th>at</th><th>line</th><th>detail</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function faultTable(regions: readonly FaultRegion[], label: (x: number) => string): string {
  if (regions.length === 0) return '';
  const shownRows = regions.slice(0, 300).map((f) => `<tr data-d="${html(shown(f.text, 300))}"><td>${html(label(f.from))}</td><td>${f.to > f.from ? html(label(f.to)) : ''}</td><td>line ${f.line}</td><td class="v">${safe(f.text, 200)}</td></tr>`);
  const more = regions.length > 300 ? `<p class="note">and ${regions.length - 300} more</p>` : '';
  return `<h3>Faults</h3><table><thead><tr><th>from</th><th>until</th><th>line</th><th>fault</th></tr></thead><tbody>${shownRows.join('')}</tbody></table>${more}`;
}

/** The keys in tab order: the witness's first, then by operation count, then by name. */
function keysInOrder(ops: readonly ShownOp[], witnessKey: string | null | undefined): { key: string | null; ops: ShownOp[] }[] {
  const byKey = new Map<string | null, ShownOp[]>();
  for (const o of ops) {
    const list = byKey.get(o.key);
    if (list === undefined) byKey.set(o.key, [o]);
    else list.push(o);
  }
  return [...byKey].map(([key, list]) => ({ key, ops: list })).sort((a, b) => {
    if (a.key === witnessKey) return -1;
    if (b.key === witnessKey) return 1;
    return b.ops.length - a.ops.length || (String(a.key) < String(b.key) ? -1 : String(a.key) > String(b.key) ? 1 : 0);
  });
}

function renderSection(s: ReportSection, si: number): string {
  const a = s.analysis;
  const t = a.trace;
  const w = a.witness;
  const roles = rolesOf(w);
  const ex = a.explanation;
  if (ex !== undefined && 'read' in ex && ex.read !== undefined && ex.missed !== undefined) {
    const r = roles.get(ex.read.line);
    if (r !== undefined) roles.set(ex.read.line, { ...r, note: 'this read misses it', noteAtEnd: true });
    const m = roles.get(ex.missed.invokeLine);
    if (m !== undefined) roles.set(ex.missed.invokeLine, { ...m, note: 'acknowledged, yet missing' });
  }
  const axis = axisOf(t.timed);
  const opId = (o: ShownOp) => `s${si}o${o.idx}`;
  const byLine = new Map(t.ops.map((o) => [o.callLine, o]));
  const parts: string[] = [];
  parts.push(`<h2 id="s${si}">${safe(s.heading, 300)} — <span class="${verdictClass(a.verdict)}">${html(a.verdict)}</span></h2>`);
  if (a.explanation !== undefined) parts.push(`<p class="plain v" data-explanation="1"><b>In plain words:</b> ${safe(a.explanation.text, 2000)}</p>`);
  if (a.reason !== undefined) parts.push(`<p class="plain v"><b>Why unknown:</b> ${safe(a.reason, 1000)}</p>`);
  parts.push(facts(s));
  if (s.originalFailure !== undefined) parts.push(`<h3>The original run's failure</h3><pre class="v">${safeLines(s.originalFailure, 8000)}</pre>`);
  parts.push(brokenTable(a));
  // Messages, faults and the link from operations to their messages.
  const end = traceEnd(t);
  // Faults on the timeline's axis: the world's faults by time, or a history's nemesis annotations by line.
  const regions = t.timed || t.events.length > 0 ? faultRegions(t.events, end) : annotationRegions(t.history.annotations, lastOpLine(t));
  const msgs = messagesOf(t.events);
  const marks = a.broken.map((b) => ({ time: b.time, text: `${b.property} found broken (line ${b.line})` }));
  const witnessOps = w === undefined ? [] : w.ops.map((o) => byLine.get(o.lines.invoke)).filter((o): o is ShownOp => o !== undefined);
  let cut: number | undefined;
  if (w !== undefined) {
    const cutLine = Math.max(...w.ops.map((o) => Math.max(o.lines.invoke, o.lines.complete ?? 0)));
    const at = t.ops.find((o) => o.callLine === cutLine || o.retLine === cutLine);
    cut = at === undefined ? undefined : t.timed ? (at.callLine === cutLine ? at.callTime : at.retTime) : cutLine;
  }
  let win: [number, number] | undefined;
  if (witnessOps.length > 0) {
    // From the witness's first invocation to the cut (an operation open at the cut ends there in the witness).
    const lo = Math.min(...witnessOps.map((o) => axis.start(o)));
    const hi = cut ?? Math.max(...witnessOps.map((o) => axis.end(o) ?? axis.start(o)));
    win = [lo, Math.max(hi, lo + 1)];
  }
  let diagram = '';
  const links = new Map<number, string[]>();
  const msgId = (m: Message) => `s${si}m${m.id}`;
  if (msgs.length > 0 && t.timed) {
    // The window: the witness (or the first broken property's last stretch, or the whole run), at most MAX_MESSAGES messages ending at its end.
    let from = 0;
    let to = end;
    if (win !== undefined) [from, to] = win;
    else if (a.broken.length > 0) to = a.broken[0]!.time;
    let inWin = msgs.filter((m) => m.sendTime <= to && (m.deliverTime ?? m.dropTime ?? m.sendTime) >= from);
    let note = '';
    if (inWin.length > MAX_MESSAGES) {
      inWin = inWin.slice(inWin.length - MAX_MESSAGES);
      note = ` (the last ${MAX_MESSAGES} of them before ${fmtTime(to)})`;
      from = Math.min(...inWin.map((m) => m.sendTime));
    }
    const pad = Math.max((to - from) * 0.03, 1);
    const windowOps = t.ops.filter((o) => o.node !== undefined && o.callTime !== undefined && o.callTime <= to + pad && (o.retTime ?? Infinity) >= from - pad);
    const linked = [...witnessOps, ...windowOps.filter((o) => !roles.has(o.callLine))].slice(0, MAX_LINKED);
    const ids = linkMessages(linked, msgs);
    const drawnIds = new Set(inWin.map((m) => m.id));
    for (const [idx, list] of ids) links.set(idx, list.filter((id) => drawnIds.has(id)).map((id) => `s${si}m${id}`));
    const diagOps = windowOps.map((o) => ({ op: o, id: opId(o), d: describeOp(o, roles.get(o.callLine)), witness: roles.has(o.callLine), m: links.get(o.idx) ?? [] }));
    diagram = `<h3>Messages from ${html(fmtTime(from))} to ${html(fmtTime(to))}</h3><p class="note">${inWin.length} of ${msgs.length} messages${note}; a client's operations are the bars on its column. Click an operation (here or in the timeline) to see its messages: those after its invocation and before its completion in happens-before order.</p>` +
      renderDiagram({ msgs: inWin, faults: regions, ops: diagOps, from: from - pad, to: to + pad, msgId, marks });
  }
  if (w !== undefined) {
    parts.push(`<h3>The witness: ${w.ops.length} operations on ${w.key === null ? 'the whole history' : `key <span class="v">${safe(jsonText(w.key))}</span>`} (${safe(w.pattern)})</h3>`);
    parts.push(`<p>${html(capitalized(howMinimized(w)))}. The longest order found places ${w.linearized.length} of them, reaching state <code class="v">${safe(w.state, 300)}</code>; none of the others can come next. Click a row to find the operation in the drawings.</p>`);
    const idOfLine = (line: number) => {
      const o = byLine.get(line);
      return o === undefined ? undefined : opId(o);
    };
    parts.push(witnessTable(w, idOfLine, roles, byLine));
  }
  parts.push('<div id="detail-anchor"></div>');
  // Timelines, a tab per key.
  const keys = keysInOrder(t.ops, w?.key);
  const tabs = keys.slice(0, MAX_KEYS);
  const group = `k${si}`;
  const legend = '<p class="legend"><span><i class="sw ok"></i>ok</span><span><i class="sw fail"></i>fail (did not happen)</span><span><i class="sw info"></i>indeterminate</span><span><i class="sw w"></i>witness</span><span><i class="sw lin"></i>in the linearizable prefix (numbered in its order)</span><span><i class="sw stuck"></i>cannot be placed</span><span><i class="sw fault"></i>partition</span><span><i class="sw crash"></i>crash</span></p>';
  parts.push(`<h3>Timeline per process${t.timed ? '' : ' (by line)'}</h3>${legend}`);
  parts.push(`<div class="tabs" data-group="${group}">${tabs.map((k, i) => `<button class="tab${i === 0 ? ' on' : ''}" data-tab="${i}" data-d="${html(shown(`key ${jsonText(k.key)}: ${k.ops.length} operations`, 200))}">${k.key === null ? '(no key)' : safe(k.key, 24)} <small>${k.ops.length}</small></button>`).join('')}</div>`);
  if (keys.length > tabs.length) parts.push(`<p class="note">${keys.length - tabs.length} more keys not shown (the ${MAX_KEYS} busiest are).</p>`);
  tabs.forEach((k, i) => {
    const isW = w !== undefined && k.key === w.key;
    const common = { faults: t.timed || t.events.length === 0 ? regions : [], ops: k.ops, axis, roles, messagesOf: links, opId };
    let body = '';
    if (isW && win !== undefined) {
      const pad = Math.max((win[1] - win[0]) * 0.04, 1);
      body += `<p class="note">Around the violation (${html(axis.label(win[0]))} to ${html(axis.label(win[1]))}):</p>` +
        renderTimeline({ ...common, window: win, ...(cut === undefined ? {} : { cut }), domain: [Math.max(0, win[0] - pad), win[1] + pad] });
      body += '<p class="note">The whole key (the shaded stretch is the one above):</p>' + renderTimeline({ ...common, window: win });
    } else body = renderTimeline(common);
    parts.push(`<div class="panel" data-group="${group}" data-tab="${i}"${i === 0 ? '' : ' hidden'}>${body}</div>`);
  });
  if (diagram !== '') parts.push(diagram);
  const latency = t.timed ? renderLatency(t.ops, regions, end, marks) : '';
  if (latency !== '') parts.push(`<h3>Latency and throughput over the run</h3>${latency}`);
  parts.push(faultTable(regions, t.timed || t.events.length > 0 ? fmtTime : axis.label));
  return `<section class="run">${parts.join('\n')}</section>`;
}

function coverageTable(s: RunSummary): string {
  const rows = s.subsystems.map((x) => {
    const cov = Object.entries(x.coverage).map(([p, n]) => `${html(p)} ${n}/${x.seeds}${n === 0 ? ' <b>(never)</b>' : ''}`).join(', ');
    const faults = Object.entries(x.faults).map(([k, n]) => `${html(k)} ${n}`).join(', ');
    return `<tr><td>${safe(x.subsystem)}${x.mutant === null ? '' : ` (mutant ${safe(x.mutant)})`}</td><td>${x.seeds}</td><td>${x.passed}</td><td>${x.failed}</td><td>${x.unknown}</td><td>${cov}, ops after heal ${x.eventuallyExercised}/${x.seeds}</td><td>${faults}</td></tr>`;
  });
  return `<table><thead><tr><th>subsystem</th><th>seeds</th><th>passed</th><th>failed</th><th>unknown</th><th>coverage (sometimes)</th><th>faults</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** The report as one HTML string. */
export function renderReport(doc: ReportDocument): string {
  const sections = doc.sections.map((s, i) => renderSection(s, i));
  const toc = doc.sections.length > 1
    ? `<ul>${doc.sections.map((s, i) => `<li><a href="#s${i}">${safe(s.heading, 200)}</a> — <span class="${verdictClass(s.analysis.verdict)}">${html(s.analysis.verdict)}</span></li>`).join('')}</ul>`
    : '';
  const summary = doc.summaryText === undefined && doc.summary === undefined
    ? ''
    : `<section><h2>Summary and coverage</h2>${doc.summary === undefined ? '' : coverageTable(doc.summary)}${doc.summaryText === undefined ? '' : `<pre class="v">${safeLines(doc.summaryText, 20000)}</pre>`}</section>`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${safe(doc.title, 200)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<header><h1>${safe(doc.title, 200)}</h1>${toc}<div id="detail">Click an operation or a message for its details.</div></header>`,
    summary,
    ...sections,
    '<div id="hover"></div>',
    `<script>${SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}

const capitalized = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
