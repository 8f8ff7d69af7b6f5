/**
 * The HTML report: time to generate it and its size, for c50-bad and for a
 * 10,000-operation simulated-style trace, beside the check alone on the same
 * input (reference: the ratio is what drawing and writing add); and the
 * report's load time in headless Chromium beside an empty page loaded the
 * same way in the same browser session. Medians, measured back to back.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { corpusDir } from '../../traces/corpus-dir.js';
import { inferModel } from '../../spec/models.js';
import { checkOperationsSync } from '../../harness/check/linearizability.js';
import { REPORT_CHECK_STEPS } from '../../harness/report/analyze.js';
import { renderReport } from '../../harness/report/html-report.js';
import { readReportTrace } from '../../harness/report/report-trace.js';
import { analyzeText } from '../../harness/report/write-report.js';
import { largeTrace } from '../../harness/report/testing/large-trace.js';
import { findChromium, launchChromium } from '../../harness/report/testing/chromium.js';
import type { BenchGroup, GroupMeasurement } from '../bench-group.js';

const RUNS = 3;
const LOADS = 5;
const MB = 1024 * 1024;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/** Generation (read, check, draw) and the check alone, alternated, medians in ms; and the report. */
function measure(text: string, label: string): { genMs: number; checkMs: number; html: string; ops: number } {
  const gen: number[] = [];
  const check: number[] = [];
  let html = '';
  let ops = 0;
  for (let i = 0; i < RUNS; i++) {
    let t0 = performance.now();
    html = renderReport({ title: label, sections: [{ heading: label, analysis: analyzeText(text, label) }] });
    gen.push(performance.now() - t0);
    t0 = performance.now();
    const t = readReportTrace(text, label);
    const m = inferModel(t.history.fs);
    if ('model' in m) checkOperationsSync(t.history.ops, m.model, { maxSteps: REPORT_CHECK_STEPS });
    check.push(performance.now() - t0);
    ops = t.ops.length;
  }
  return { genMs: median(gen), checkMs: median(check), html, ops };
}

function group(name: string, description: string, input: () => { text: string; label: string } | string): BenchGroup {
  return {
    name,
    description,
    anchorKind: 'reference',
    async run(): Promise<GroupMeasurement> {
      const i = input();
      if (typeof i === 'string') return { skipped: i };
      const r = measure(i.text, i.label);
      const size = Buffer.byteLength(r.html);
      return {
        files: 1, ops: r.ops, checkMs: r.genMs, anchorMs: r.checkMs,
        notes: [`report ${(size / MB).toFixed(2)} MB (${size} bytes; limit 5 MB), generated in ${r.genMs.toFixed(0)} ms; reading and checking alone ${r.checkMs.toFixed(0)} ms`],
      };
    },
  };
}

function c50(): { text: string; label: string } | string {
  const dir = corpusDir();
  if (dir === undefined) return 'no corpus folder (../shared/corpus or $QUORATE_CORPUS)';
  return { text: readFileSync(path.join(dir, 'porcupine/kv/c50-bad.txt'), 'utf8'), label: 'c50-bad.txt' };
}

/** Report generation for c50-bad, beside the check alone. */
export const reportC50Group = group('report-c50-bad', 'HTML report of kv/c50-bad.txt: generation time (ratio to the check alone, same run) and size', c50);

/** Report generation for a 10,000-operation trace with messages and faults, beside the check alone. */
export const report10kGroup = group('report-10k', 'HTML report of a 10,000-operation trace with 60k messages: generation time (ratio to the check alone, same run) and size', () => ({ text: largeTrace(10_000), label: 'large-10k.jsonl' }));

/** Page load in headless Chromium: the c50-bad report beside an empty page, alternated in one browser session. */
export const reportLoadGroup: BenchGroup = {
  name: 'report-load',
  description: 'load time of the c50-bad report in headless Chromium (until its script has run), beside an empty page in the same session',
  anchorKind: 'reference',
  async run(): Promise<GroupMeasurement> {
    const bin = findChromium();
    if (bin === undefined) return { skipped: 'no Chromium at /usr/bin/chromium (apt-get install -y chromium)' };
    const input = c50();
    if (typeof input === 'string') return { skipped: input };
    const dir = mkdtempSync(path.join(tmpdir(), 'quorate-bench-report-'));
    const report = path.join(dir, 'c50.html');
    const big = path.join(dir, '10k.html');
    const empty = path.join(dir, 'empty.html');
    writeFileSync(report, renderReport({ title: input.label, sections: [{ heading: input.label, analysis: analyzeText(input.text, input.label) }] }));
    const large = largeTrace(10_000);
    writeFileSync(big, renderReport({ title: '10k', sections: [{ heading: '10k', analysis: analyzeText(large, 'large-10k.jsonl') }] }));
    writeFileSync(empty, '<!DOCTYPE html><html><head><meta charset="utf-8"><title>empty</title></head><body data-ready="1"></body></html>\n');
    const browser = await launchChromium(bin);
    try {
      const page = await browser.context.newPage();
      const load = async (file: string): Promise<number> => {
        const t0 = performance.now();
        await page.goto(pathToFileURL(file).href);
        await page.waitForSelector('body[data-ready="1"]', { state: 'attached' });
        return performance.now() - t0;
      };
      await load(empty);
      await load(report);
      const times = { report: [] as number[], big: [] as number[], empty: [] as number[] };
      for (let i = 0; i < LOADS; i++) {
        times.empty.push(await load(empty));
        times.report.push(await load(report));
        times.big.push(await load(big));
      }
      return {
        files: 1, checkMs: median(times.report), anchorMs: median(times.empty),
        notes: [`c50-bad report ${median(times.report).toFixed(0)} ms, 10,000-operation report ${median(times.big).toFixed(0)} ms, empty page ${median(times.empty).toFixed(0)} ms (medians of ${LOADS}, same browser session)`],
      };
    } finally {
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
