/**
 * A trace as OpenTelemetry spans in OTLP/JSON, so a run can be loaded in the
 * standard tools (Jaeger, Tempo, an OpenTelemetry collector). Built with
 * OpenTelemetry's own packages: resources from @opentelemetry/resources,
 * spans as @opentelemetry/sdk-trace-base's ReadableSpan, and the request
 * encoded by @opentelemetry/otlp-transformer's JSON serializer.
 *
 * - one resource per node (`service.name` = the node; a history without
 *   nodes gets one per process), plus `nemesis` for the faults;
 * - a span per client operation (its own trace), from invocation to
 *   completion, status ERROR for `fail`, UNSET for indeterminate;
 * - a span per message on the sender's resource, from send to delivery or
 *   drop, a child of the operation whose happens-before window holds it
 *   (messages.ts), else in the run's own trace;
 * - a span per fault region on `nemesis`.
 *
 * Virtual time t µs is the timestamp t µs after the Unix epoch (a history
 * without times: its line number in milliseconds). Trace and span ids are
 * SHA-256 digests of the run's seed (a plain history: of its text) and the
 * span's place, so the export is byte-identical for the same input.
 */
import { createHash } from 'node:crypto';
import { SpanKind, SpanStatusCode, TraceFlags, type Attributes, type HrTime, type SpanContext } from '@opentelemetry/api';
import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { VERSION } from '../../traces/version.js';
import { shown } from './escape.js';
import { faultRegions, linkMessages, messagesOf } from './messages.js';
import { lastOpLine, traceEnd, type ReportTrace, type ShownOp } from './report-trace.js';

/** Attribute values longer than this are cut (a trace's values can be megabytes). */
const MAX_ATTRIBUTE = 2000;

function hrTime(us: number): HrTime {
  const whole = Math.max(0, Math.round(us * 1000));
  return [Math.floor(whole / 1e9), whole % 1e9];
}

/** The ids of one span: `hex` digits of SHA-256 over the seed and the span's place. */
function idOf(seed: string, what: string, hex: number): string {
  return createHash('sha256').update(`${seed}\u0000${what}`).digest('hex').slice(0, hex);
}

const text = (v: unknown): string => shown(JSON.stringify(v) ?? 'null', MAX_ATTRIBUTE);

/** The spans of `t`, in a fixed order (operations, messages, faults). */
export function spansOf(t: ReportTrace, sourceText: string): ReadableSpan[] {
  const seed = t.header?.seed !== undefined ? `seed:${t.header.seed}` : `sha256:${createHash('sha256').update(sourceText).digest('hex')}`;
  const scope = { name: 'quorate', version: VERSION };
  const resources = new Map<string, Resource>();
  const common: Attributes = {};
  if (t.header?.subsystem !== undefined) common['quorate.subsystem'] = t.header.subsystem;
  if (t.header?.mutant !== undefined && t.header.mutant !== null) common['quorate.mutant'] = t.header.mutant;
  if (t.header?.seed !== undefined) common['quorate.seed'] = t.header.seed;
  const resource = (node: string): Resource => {
    let r = resources.get(node);
    if (r === undefined) {
      r = resourceFromAttributes({ 'service.name': node, 'service.namespace': 'quorate', ...common });
      resources.set(node, r);
    }
    return r;
  };
  const timeOf = (us: number | undefined, line: number | undefined): HrTime => (t.timed ? hrTime(us ?? 0) : hrTime((line ?? 0) * 1000));
  const end = traceEnd(t);
  const lastLine = lastOpLine(t);
  const span = (s: {
    name: string; kind: SpanKind; ctx: SpanContext; parent?: SpanContext; start: HrTime; end: HrTime;
    status: { code: SpanStatusCode; message?: string }; attributes: Attributes; resource: Resource;
  }): ReadableSpan => {
    const nanos = (h: HrTime) => h[0] * 1e9 + h[1];
    const d = Math.max(0, nanos(s.end) - nanos(s.start));
    return {
      name: s.name, kind: s.kind, spanContext: () => s.ctx, ...(s.parent === undefined ? {} : { parentSpanContext: s.parent }),
      startTime: s.start, endTime: s.end, status: s.status, attributes: s.attributes, links: [], events: [],
      duration: [Math.floor(d / 1e9), d % 1e9], ended: true, resource: s.resource, instrumentationScope: scope,
      droppedAttributesCount: 0, droppedEventsCount: 0, droppedLinksCount: 0,
    };
  };
  const out: ReadableSpan[] = [];
  const opCtx = new Map<number, SpanContext>();
  const nodeOf = (o: ShownOp): string => o.node ?? `process ${String(o.process)}`;
  for (const o of t.ops) {
    const ctx: SpanContext = { traceId: idOf(seed, `op-trace:${o.idx}`, 32), spanId: idOf(seed, `op:${o.idx}`, 16), traceFlags: TraceFlags.SAMPLED };
    opCtx.set(o.idx, ctx);
    const attributes: Attributes = {
      'quorate.process': String(o.process), 'quorate.f': o.f, 'quorate.status': o.status, 'quorate.input': text(o.input),
      'quorate.line.invoke': o.callLine,
    };
    if (o.key !== null) attributes['quorate.key'] = shown(o.key, MAX_ATTRIBUTE);
    if (o.output !== undefined) attributes['quorate.output'] = text(o.output);
    if (o.retLine !== undefined) attributes['quorate.line.complete'] = o.retLine;
    const status = o.status === 'ok' ? { code: SpanStatusCode.OK } : o.status === 'fail' ? { code: SpanStatusCode.ERROR, message: 'fail: did not take effect' } : { code: SpanStatusCode.UNSET, message: 'indeterminate' };
    out.push(span({
      name: `${o.f}${o.key === null ? '' : ` ${shown(o.key, 80)}`}`, kind: SpanKind.CLIENT, ctx,
      start: timeOf(o.callTime, o.callLine), end: o.retLine === undefined ? timeOf(end, lastLine) : timeOf(o.retTime, o.retLine),
      status, attributes, resource: resource(nodeOf(o)),
    }));
  }
  const msgs = messagesOf(t.events);
  const parentOf = new Map<number, number>();
  for (const [idx, ids] of linkMessages(t.ops, msgs)) for (const id of ids) if (!parentOf.has(id)) parentOf.set(id, idx);
  const runTrace = idOf(seed, 'run-trace', 32);
  for (const m of msgs) {
    const parentIdx = parentOf.get(m.id);
    const parent = parentIdx === undefined ? undefined : opCtx.get(parentIdx);
    const ctx: SpanContext = { traceId: parent?.traceId ?? runTrace, spanId: idOf(seed, `msg:${m.id}`, 16), traceFlags: TraceFlags.SAMPLED };
    const type = typeof m.msg === 'object' && m.msg !== null && 'type' in m.msg ? String((m.msg as { type: unknown }).type) : 'message';
    const attributes: Attributes = {
      'messaging.destination.name': m.to, 'quorate.message.id': m.id, 'quorate.message': text(m.msg), 'quorate.line.send': m.sendLine,
    };
    if (m.deliverLine !== undefined) attributes['quorate.line.deliver'] = m.deliverLine;
    if (m.dropReason !== undefined) attributes['quorate.drop.reason'] = m.dropReason;
    const endUs = m.deliverTime ?? m.dropTime ?? end;
    out.push(span({
      name: `${shown(type, 80)} → ${m.to}`, kind: SpanKind.PRODUCER, ctx, ...(parent === undefined ? {} : { parent }),
      start: hrTime(m.sendTime), end: hrTime(endUs),
      status: m.deliverTime !== undefined ? { code: SpanStatusCode.UNSET } : { code: SpanStatusCode.ERROR, message: m.dropReason === undefined ? 'never delivered' : `dropped: ${m.dropReason}` },
      attributes, resource: resource(m.from),
    }));
  }
  faultRegions(t.events, end).forEach((f, i) => {
    const ctx: SpanContext = { traceId: runTrace, spanId: idOf(seed, `fault:${i}`, 16), traceFlags: TraceFlags.SAMPLED };
    const attributes: Attributes = { 'quorate.fault': f.kind, 'quorate.line': f.line };
    if (f.node !== undefined) attributes['quorate.node'] = f.node;
    out.push(span({ name: f.text, kind: SpanKind.INTERNAL, ctx, start: hrTime(f.from), end: hrTime(f.to), status: { code: SpanStatusCode.UNSET }, attributes, resource: resource('nemesis') }));
  });
  return out;
}

/** The OTLP/JSON export request of `t` (an ExportTraceServiceRequest), as text. */
export function otlpJson(t: ReportTrace, sourceText: string): string {
  return new TextDecoder().decode(JsonTraceSerializer.serializeRequest(spansOf(t, sourceText)));
}
