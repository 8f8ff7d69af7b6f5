/**
 * Latency and throughput over the whole run, as Jepsen draws them: a dot per
 * completed operation at its completion time and latency (indeterminate ones
 * in their own colour), a line of completions per interval, and the faults as
 * bands behind them, so a reader sees what each fault did to the clients.
 */
import { html, shown } from './escape.js';
import type { FaultRegion } from './messages.js';
import type { ShownOp } from './report-trace.js';
import { fmtTime } from '../run/format-time.js';

/** Dots drawn at most (an even sample beyond). */
export const MAX_DOTS = 2000;
const BUCKETS = 100;

const fx = (n: number): string => (Number.isFinite(n) ? n.toFixed(1) : '0');

/** The chart, or an empty string when no operation completed with a time. */
export function renderLatency(ops: readonly ShownOp[], faults: readonly FaultRegion[], end: number, marks: readonly { readonly time: number; readonly text: string }[] = []): string {
  const done = ops.filter((o) => o.callTime !== undefined && o.retTime !== undefined);
  if (done.length === 0 || end <= 0) return '';
  const W = 1200;
  const LEFT = 80;
  const TOP = 14;
  const H = 200;
  const x = (t: number): number => LEFT + (t / end) * (W - LEFT - 50);
  let maxLat = 1;
  for (const o of done) maxLat = Math.max(maxLat, (o.retTime as number) - (o.callTime as number));
  const y = (lat: number): number => TOP + H - (lat / maxLat) * H;
  const out: string[] = [];
  for (const f of faults) {
    if (f.kind === 'clock') {
      out.push(`<line class="cut" x1="${fx(x(f.from))}" x2="${fx(x(f.from))}" y1="${TOP}" y2="${TOP + H}" data-d="${html(shown(`${f.text} at ${fmtTime(f.from)}`, 300))}"/>`);
      continue;
    }
    const cls = f.kind === 'crash' ? 'crash' : f.kind === 'net' ? 'netf' : 'fault';
    out.push(`<rect class="${cls}" x="${fx(x(f.from))}" y="${TOP}" width="${fx(Math.max(2, x(f.to) - x(f.from)))}" height="${H}" data-d="${html(shown(`${f.text} (${fmtTime(f.from)} → ${fmtTime(f.to)})`, 300))}"/>`);
  }
  out.push(`<line class="axis" x1="${LEFT}" x2="${W - 50}" y1="${TOP + H}" y2="${TOP + H}"/><line class="axis" x1="${LEFT}" x2="${LEFT}" y1="${TOP}" y2="${TOP + H}"/>`);
  for (let i = 0; i <= 4; i++) {
    out.push(`<text class="tick" x="${LEFT - 4}" y="${fx(y((maxLat * i) / 4) + 4)}" text-anchor="end">${html(fmtTime((maxLat * i) / 4))}</text>`);
  }
  for (let i = 0; i <= 8; i++) {
    out.push(`<text class="tick" x="${fx(x((end * i) / 8))}" y="${TOP + H + 14}" text-anchor="middle">${html(fmtTime((end * i) / 8))}</text>`);
  }
  const stride = Math.max(1, done.length / MAX_DOTS);
  for (let i = 0; Math.floor(i * stride) < done.length; i++) {
    const o = done[Math.floor(i * stride)]!;
    const lat = (o.retTime as number) - (o.callTime as number);
    out.push(`<circle class="lat${o.status === 'ok' ? '' : ' info'}" cx="${fx(x(o.retTime as number))}" cy="${fx(y(lat))}" r="2"/>`);
  }
  const counts = new Array<number>(BUCKETS).fill(0);
  for (const o of done) counts[Math.min(BUCKETS - 1, Math.floor(((o.retTime as number) / end) * BUCKETS))]!++;
  const peak = Math.max(1, ...counts);
  const perSecond = (n: number) => (n / (end / BUCKETS / 1e6)).toFixed(0);
  const pts = counts.map((n, i) => `${fx(x(((i + 0.5) * end) / BUCKETS))},${fx(TOP + H - (n / peak) * H)}`).join(' ');
  out.push(`<polyline class="thr" points="${pts}"/>`);
  out.push(`<text class="tick" x="${W - 46}" y="${TOP + 8}">${perSecond(peak)} ops/s</text><text class="tick" x="${W - 46}" y="${TOP + H}">0 ops/s</text>`);
  for (const k of marks) {
    out.push(`<line class="cut" x1="${fx(x(k.time))}" x2="${fx(x(k.time))}" y1="${TOP}" y2="${TOP + H}" data-d="${html(shown(`${k.text} at ${fmtTime(k.time)}`, 300))}"/>` +
      (x(k.time) > W * 0.6
        ? `<text class="mark" x="${fx(x(k.time) - 3)}" y="${TOP + 26}" text-anchor="end">${html(shown(k.text, 60))}</text>`
        : `<text class="mark" x="${fx(x(k.time) + 3)}" y="${TOP + 26}">${html(shown(k.text, 60))}</text>`));
  }
  const height = TOP + H + 22;
  return `<div class="tools"><button data-z="in">zoom in</button><button data-z="out">zoom out</button><button data-z="reset">reset</button> <span class="note">dots: latency of each completed operation (left axis; orange: indeterminate); line: completions per interval (right axis); bands: faults</span></div>` +
    `<div class="fig"><svg class="zoom latency" data-axis="x" viewBox="0 0 ${W} ${height}" height="${height}" preserveAspectRatio="none" xmlns="http://www.w3.org/2000/svg">${out.join('')}</svg></div>`;
}
