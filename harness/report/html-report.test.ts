import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { corpusDir } from '../../traces/corpus-dir.js';
import { REPO_ROOT } from '../cli/run-cli.js';
import { analyzeText } from './write-report.js';
import { renderReport } from './html-report.js';
import { CSP, SCRIPT, STYLE } from './page-assets.js';
import { HOSTILE_KEY, HOSTILE_VALUE, hostileHistory } from './testing/hostile.js';
import { largeTrace } from './testing/large-trace.js';

const page = (text: string, label: string) => renderReport({ title: label, sections: [{ heading: label, analysis: analyzeText(text, label) }] });
const MB5 = 5 * 1024 * 1024;
const corpus = corpusDir();

describe('the HTML report', () => {
  it('allows exactly its one script and one style, by hash, and loads nothing', () => {
    const out = page(hostileHistory(), 'hostile.jsonl');
    const sha = (s: string) => createHash('sha256').update(s).digest('base64');
    expect(CSP).toContain("default-src 'none'");
    expect(CSP).toContain(`'sha256-${sha(SCRIPT)}'`);
    expect(CSP).toContain(`'sha256-${sha(STYLE)}'`);
    expect(out).toContain(`<meta http-equiv="Content-Security-Policy" content="${CSP}">`);
    expect(out.match(/<script/g)).toHaveLength(1);
    expect(out).toContain(`<script>${SCRIPT}</script>`);
    expect(out.match(/<style/g)).toHaveLength(1);
    // Every attribute of every tag (text is escaped, so a raw `<` starts a real tag): none that loads or runs anything.
    const attrs = [...out.matchAll(/<[a-zA-Z](?:[^>"]|"[^"]*")*>/g)].flatMap((m) => [...m[0].matchAll(/\s([a-zA-Z:-]+)(?:="[^"]*")?/g)].map((a) => a[1]));
    expect(attrs.filter((a) => a === 'src' || a === 'srcset' || a === 'action' || a === 'style' || a?.startsWith('on'))).toEqual([]);
    expect(out.match(/href="[^"]*"/g)?.every((h) => h.startsWith('href="#')) ?? true).toBe(true);
  });

  it('escapes hostile trace content: no markup, no raw bidi or control characters, huge strings cut', () => {
    const out = page(hostileHistory(), 'hostile.jsonl');
    expect(out).not.toContain(HOSTILE_KEY);
    expect(out).not.toContain('<img');
    expect(out).not.toContain('<b>stale');
    expect(out).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u0000\u0007]/);
    expect(out).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt;');
    expect(out).toContain('\\u{202e}');
    expect(out).toContain('more characters)');
    expect(out.length).toBeLessThan(200_000);
    expect(HOSTILE_VALUE).toContain('\u202e');
  });

  it('is byte-identical for the same input', () => {
    const t = largeTrace(600);
    expect(page(t, 'a.jsonl')).toBe(page(t, 'a.jsonl'));
  });

  it('keeps a 10,000-operation trace under 5 MB, drawing the witness whole and sampling elsewhere', () => {
    const out = page(largeTrace(10_000), 'large.jsonl');
    expect(out.length).toBeLessThan(MB5);
    expect(out).toContain('operations drawn (all near the witness, a sample elsewhere)');
    expect(out).toContain('class="op ok w lin');
    expect(out).toContain(' stuck"');
    expect(out).toContain('class="msg');
    expect(out).toContain('class="crash"');
    expect(out).toContain('class="fault"');
    expect(out).toContain('In plain words:</b> get &quot;');
  });

  it.skipIf(corpus === undefined)('keeps the 50-client kv history under 5 MB with its witness and explanation', () => {
    const text = readFileSync(path.join(corpus as string, 'porcupine/kv/c50-bad.txt'), 'utf8');
    const out = page(text, 'c50-bad.txt');
    expect(out.length).toBeLessThan(MB5);
    expect(out).toContain('without append &quot;x 4 1 y&quot;');
    expect(out).toContain('cannot be placed');
  });

  it('draws a Jepsen history\'s nemesis on the timeline by line, and a run\'s faults by time', () => {
    const edn = readFileSync(path.join(REPO_ROOT, 'traces/corpus/kv-double-append.edn'), 'utf8');
    const out = page(edn, 'kv-double-append.edn');
    expect(out).toMatch(/<svg class="zoom timeline"[^>]*>.*<rect class="fault"[^>]*data-d="nemesis start &quot;partition&quot;, not stopped"/s);
    const run = page(largeTrace(900), 'large.jsonl');
    expect(run).toMatch(/<svg class="zoom timeline"[^>]*>.*<rect class="crash"[^>]*data-d="crash n2, restarted at/s);
  });
});
