import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { IExportTraceServiceRequest, ISpan } from '@opentelemetry/otlp-transformer/build/src/trace/internal-types.js';
import { PassThrough } from 'node:stream';
import { InputError, UsageError } from '../../traces/errors.js';
import { runCli } from '../cli/run-cli.js';
import { exportCommand } from '../cli/export-command.js';
import { largeTrace } from './testing/large-trace.js';
import { otlpJson } from './otlp.js';
import { readReportTrace } from './report-trace.js';

/** The synthetic trace with `seed` in its header. */
function traceWithSeed(seed: number, ops = 40): string {
  const [head, ...rest] = largeTrace(ops).split('\n');
  return [JSON.stringify({ ...JSON.parse(head as string), seed }), ...rest].join('\n');
}
const exportOf = (text: string) => otlpJson(readReportTrace(text, 't.jsonl'), text);
const dir = mkdtempSync(path.join(tmpdir(), 'quorate-otlp-'));

describe('OTLP export', () => {
  it('reads back as an ExportTraceServiceRequest: a resource per node, operations with their messages as children', () => {
    const text = traceWithSeed(7);
    const req = JSON.parse(exportOf(text)) as IExportTraceServiceRequest;
    const rs = req.resourceSpans ?? [];
    const name = (r: (typeof rs)[number]) => r.resource?.attributes.find((a) => a.key === 'service.name')?.value.stringValue;
    expect(new Set(rs.map(name)).size).toBe(rs.length);
    const spans: ISpan[] = rs.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans ?? []));
    for (const s of spans) {
      expect(s.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(s.spanId).toMatch(/^[0-9a-f]{16}$/);
      expect(BigInt(String(s.endTimeUnixNano))).toBeGreaterThanOrEqual(BigInt(String(s.startTimeUnixNano)));
    }
    const lines = text.split('\n').map((l) => (l === '' ? undefined : (JSON.parse(l) as Record<string, unknown>)));
    const invokes = lines.filter((e) => e?.['type'] === 'invoke');
    const sends = lines.filter((e) => e?.['type'] === 'send');
    const nodes = new Set(['nemesis', ...invokes.map((e) => String(e?.['node'])), ...sends.flatMap((e) => [String(e?.['from'])])]);
    expect(rs.map(name).sort()).toEqual([...nodes].sort());
    const opSpans = spans.filter((s) => s.kind === 3);
    const msgSpans = spans.filter((s) => s.kind === 4);
    expect(opSpans).toHaveLength(invokes.length);
    expect(msgSpans).toHaveLength(sends.length);
    // Virtual time → timestamps: µs after the epoch, in ns.
    expect(String(opSpans[0]?.startTimeUnixNano)).toBe(String(Math.round(Number(invokes[0]?.['time']) * 1000)));
    // Each operation's request, replication and reply are its children, in its trace.
    const first = opSpans[0] as ISpan;
    const children = msgSpans.filter((m) => m.parentSpanId === first.spanId);
    expect(children.length).toBeGreaterThanOrEqual(2);
    for (const c of children) expect(c.traceId).toBe(first.traceId);
  });

  it('is byte-identical for the same trace, and its ids follow the seed', () => {
    expect(exportOf(traceWithSeed(7))).toBe(exportOf(traceWithSeed(7)));
    const a = JSON.parse(exportOf(traceWithSeed(7))) as IExportTraceServiceRequest;
    const b = JSON.parse(exportOf(traceWithSeed(8))) as IExportTraceServiceRequest;
    const firstId = (r: IExportTraceServiceRequest) => r.resourceSpans?.[0]?.scopeSpans[0]?.spans?.[0]?.traceId;
    expect(firstId(a)).not.toBe(firstId(b));
  });

  it('quorate export --otlp writes the file; a missing format, output or input is refused', () => {
    const file = path.join(dir, 't.jsonl');
    writeFileSync(file, traceWithSeed(3, 10));
    const out = path.join(dir, 'spans.json');
    const r = runCli(['export', '--otlp', file, '-o', out]);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(exportOf(traceWithSeed(3, 10)));
    const sink = new PassThrough();
    expect(() => exportCommand(file, { output: out }, sink)).toThrow(new UsageError('export needs a format: --otlp (OpenTelemetry OTLP/JSON)'));
    expect(() => exportCommand(file, { otlp: true }, sink)).toThrow(new UsageError('export needs -o FILE: where to write the spans'));
    expect(() => exportCommand(path.join(dir, 'none.jsonl'), { otlp: true, output: out }, sink)).toThrow(InputError);
  });
});
