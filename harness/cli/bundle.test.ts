/**
 * `quorate check` from its bundle (tools/bundle.ts, bundle-loader.cts) does
 * exactly what it does module by module: the repository is built into a
 * scratch dist/ (.quorate/bundle-test, so the test never sees a stale build),
 * and each command below is run both ways, from the bundle and from source,
 * with the same exit code, standard output and standard error (times aside).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from './run-cli.js';

const SCRATCH = path.join(REPO_ROOT, '.quorate', 'bundle-test');
const DIST = path.join(SCRATCH, 'dist');
const MAIN = path.join(DIST, 'harness/cli/main.js');

/** A user's model that throws the library's own InputError: it comes from dist/index.js, a copy the bundle does not share. */
const THROWING_MODEL = `import { InputError } from 'quorate';
export default {
  name: 'picky', operations: ['write', 'read'], init: () => 0,
  step: () => { throw new InputError({ file: 'picky-model' }, 'has no rule for this step'); },
  hash: (s) => s, equal: (a, b) => a === b, describe: (op) => op.f, showState: (s) => String(s),
};
`;

function build(): void {
  rmSync(SCRATCH, { recursive: true, force: true });
  mkdirSync(SCRATCH, { recursive: true });
  const tsc = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--outDir', DIST], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (tsc.status !== 0) throw new Error(`tsc failed: ${tsc.stdout}${tsc.stderr}`);
  const b = spawnSync(process.execPath, [path.join(DIST, 'tools/bundle.js')], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (b.status !== 0) throw new Error(`bundle failed: ${b.stdout}${b.stderr}`);
  // The warm-up's checks write nothing: a build prints only what went wrong.
  if (b.stdout !== '' || b.stderr !== '') throw new Error(`bundle printed: ${b.stdout}${b.stderr}`);
  writeFileSync(path.join(SCRATCH, 'picky-model.js'), THROWING_MODEL);
}

function runBuilt(args: readonly string[], env: NodeJS.ProcessEnv = {}): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', ...env } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Output with times (`12 ms`, `"ms": 12`) and the report's generation time blanked. */
const timeless = (s: string): string => s.replace(/\d+(\.\d+)? ms\b/g, 'T ms').replace(/"ms":\s*\d+(\.\d+)?/g, '"ms":T');

const COMMANDS: readonly (readonly string[])[] = [
  ['check', '--model', 'kv', 'traces/corpus/kv-double-append.edn', 'traces/corpus/kv-ok.jsonl'],
  ['check', '--model', 'register', '--json', 'traces/corpus/register-jepsen.log', 'traces/corpus/maelstrom-lin-kv-stale.edn'],
  ['check', '--workers', '2', '--model', 'kv', 'traces/corpus/kv-lost-append.jsonl'],
  ['check', '--witness', 'none', 'traces/corpus/register-stale-read.jsonl'],
  ['check', '--consistency', 'all', '--expect', 'sequential', 'traces/corpus/consistency/05-stale-read.jsonl'],
  // A user's modules, JavaScript and TypeScript (through tsx): the bundle's two run-time imports.
  ['check', '--model', path.join(SCRATCH, 'picky-model.js'), 'traces/corpus/register-ok.jsonl', 'traces/corpus/register-stale-read.jsonl'],
  ['check', '--model', './examples/my-store/counter-model.ts', 'examples/my-store/counter-lost-add.jsonl', 'examples/my-store/counter-ok.jsonl'],
  ['check', '--model', 'kv', 'traces/corpus/no-such-file.jsonl'],
  ['check', '--model', 'toString', 'traces/corpus/kv-ok.jsonl'],
  ['check', '--frobnicate'],
  ['check', '--help'],
];

describe('quorate check from the bundle', () => {
  beforeAll(build, 120_000);
  afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }));

  it('is loaded, with a code cache that V8 accepts', async () => {
    const loader = ((await import(path.join(DIST, 'harness/cli/bundle-loader.cjs'))) as { default: typeof import('./bundle-loader.cjs') }).default;
    const loaded = loader.loadBundle();
    expect(loaded).toBeDefined();
    expect(loaded!.cacheRejected).toBe(false);
    // The process runs check without loading the checker's modules one by one, and (main.js being a link
    // to the CommonJS main.cjs) without starting Node's ES module loader at all: it logs nothing.
    const r = runBuilt(['check', 'traces/corpus/register-ok.jsonl'], { NODE_DEBUG: 'esm' });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const unbundled = runBuilt(['check', 'traces/corpus/register-ok.jsonl'], { NODE_DEBUG: 'esm', QUORATE_NO_BUNDLE: '1' });
    expect(unbundled.stderr).toContain('harness/check/search.js');
  });

  it('writes to pipes without creating process.stdout or process.stderr (Node\'s net and stream modules stay unloaded)', () => {
    // A preload reports, at exit, which of Node's modules the process loaded, into a file of its own.
    const report = path.join(SCRATCH, 'loaded.json');
    const preload = path.join(SCRATCH, 'report-loaded.cjs');
    writeFileSync(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify(process.moduleLoadList)));\n`);
    const cases: readonly (readonly string[])[] = [
      ['check', '--model', 'kv', 'traces/corpus/kv-lost-append.jsonl'], // a violation and its witness on stdout
      ['check', '--json', 'traces/corpus/register-ok.jsonl', 'traces/corpus/register-stale-read.jsonl'],
      ['check', 'no-such-file.jsonl'], // the error line on stderr
    ];
    for (const args of cases) {
      rmSync(report, { force: true });
      const r = spawnSync(process.execPath, ['--require', preload, MAIN, ...args], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      const source = runCli(args);
      expect({ code: r.status, stdout: timeless(r.stdout), stderr: timeless(r.stderr) }).toEqual({ code: source.code, stdout: timeless(source.stdout), stderr: timeless(source.stderr) });
      const loaded = JSON.parse(readFileSync(report, 'utf8')) as string[];
      expect(loaded.filter((m) => m === 'NativeModule net' || m === 'NativeModule stream' || m === 'NativeModule perf_hooks')).toEqual([]);
    }
  });

  it('holds V8\'s optimizing compiler back once, from the first file of 64 KB to 1 MB, and ends the hold (jit-tiers.ts)', () => {
    // A preload logs each V8 flag change the process makes; the history is a register written and read in turn.
    const log = path.join(SCRATCH, 'flags.log');
    const preload = path.join(SCRATCH, 'log-flags.cjs');
    writeFileSync(
      preload,
      `const v8 = require('node:v8'); const set = v8.setFlagsFromString;\n` +
        `v8.setFlagsFromString = (f) => { require('node:fs').appendFileSync(${JSON.stringify(log)}, f + '\\n'); set(f); };\n`,
    );
    const lines: string[] = [];
    for (let i = 0; lines.join('\n').length < 100 * 1024; i++) {
      lines.push(`{"type":"invoke","process":0,"f":"write","value":${i}}`, `{"type":"ok","process":0,"f":"write","value":${i}}`);
      lines.push(`{"type":"invoke","process":1,"f":"read","value":null}`, `{"type":"ok","process":1,"f":"read","value":${i}}`);
    }
    const mid = path.join(SCRATCH, 'register-100k.jsonl');
    writeFileSync(mid, `${lines.join('\n')}\n`);
    const flagsOf = (nodeArgs: readonly string[], args: readonly string[]): { code: number | null; flags: string[] } => {
      rmSync(log, { force: true });
      const r = spawnSync(process.execPath, [...nodeArgs, '--require', preload, MAIN, ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
      let flags: string[] = [];
      try {
        flags = readFileSync(log, 'utf8').trim().split('\n');
      } catch {
        // no flag was set
      }
      return { code: r.status, flags };
    };
    // (V8 11.3, Node 20's: 8 times its default budget, then the default; no hold under a V8 the hold does not know.)
    const held = process.versions.v8.startsWith('11.3.') ? ['--interrupt-budget=540672', '--interrupt-budget=67584'] : [];
    expect(flagsOf([], ['check', mid])).toEqual({ code: 0, flags: held });
    expect(flagsOf([], ['check', '--json', mid])).toEqual({ code: 0, flags: held });
    expect(flagsOf([], ['check', mid, mid])).toEqual({ code: 0, flags: held }); // one hold, from the first file
    expect(flagsOf([], ['check', '--workers', '2', mid])).toEqual({ code: 0, flags: [] });
    expect(flagsOf([], ['check', 'traces/corpus/register-ok.jsonl'])).toEqual({ code: 0, flags: [] }); // too small to gain
    expect(flagsOf(['--turbofan'], ['check', mid])).toEqual({ code: 0, flags: [] }); // the user's own tier option
  }, 60_000);

  for (const args of COMMANDS) {
    it(`quorate ${args.map((a) => path.basename(a)).join(' ')}: same as from source`, () => {
      const bundled = runBuilt(args);
      const source = runCli(args);
      expect({ code: bundled.code, stdout: timeless(bundled.stdout), stderr: timeless(bundled.stderr) }).toEqual({
        code: source.code,
        stdout: timeless(source.stdout),
        stderr: timeless(source.stderr),
      });
      expect(bundled.stderr).not.toContain('internal error');
    }, 60_000);
  }

  it('a user model throwing the library InputError is one line and exit 2, not an internal error', () => {
    const r = runBuilt(['check', '--model', path.join(SCRATCH, 'picky-model.js'), 'traces/corpus/register-stale-read.jsonl']);
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).toContain('picky-model: has no rule for this step');
  });

  it('gives the same output with a code cache V8 rejects, or with a damaged bundle (then unused)', () => {
    const cache = path.join(DIST, 'quorate-cli.code-cache');
    const bundle = path.join(DIST, 'quorate-cli.cjs');
    const keptCache = readFileSync(cache);
    const keptBundle = readFileSync(bundle);
    const args = ['check', 'traces/corpus/register-stale-read.jsonl'];
    const expected = timeless(runBuilt(args).stdout);
    try {
      writeFileSync(cache, Buffer.alloc(1000, 7));
      const r = runBuilt(args, { NODE_DEBUG: 'esm' });
      expect({ code: r.code, stdout: timeless(r.stdout) }).toEqual({ code: 1, stdout: expected });
      expect(r.stderr).not.toContain('harness/check/search.js'); // (still the bundle, compiled from its source)
      writeFileSync(cache, keptCache);
      writeFileSync(bundle, keptBundle.subarray(0, keptBundle.length >> 1));
      const cut = runBuilt(args);
      expect({ code: cut.code, stdout: timeless(cut.stdout), stderr: cut.stderr }).toEqual({ code: 1, stdout: expected, stderr: '' });
    } finally {
      writeFileSync(cache, keptCache);
      writeFileSync(bundle, keptBundle);
    }
  });

  it('is not used once older than the modules (a tsc run without the bundle step)', () => {
    const bundle = path.join(DIST, 'quorate-cli.cjs');
    const before = readFileSync(bundle, 'utf8');
    // A bundle that would fail if it ran, dated before main.js.
    writeFileSync(bundle, 'throw new Error("stale bundle ran");\n');
    const t = statSync(MAIN).mtime;
    utimesSync(bundle, new Date(t.getTime() - 60_000), new Date(t.getTime() - 60_000));
    try {
      const r = runBuilt(['check', 'traces/corpus/register-ok.jsonl']);
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    } finally {
      writeFileSync(bundle, before);
    }
  });
});
