/**
 * A user's own subsystem and model from the command line, as the README's
 * walk-through does it ("Your own subsystem and model"): the example store
 * passes, its planted bug is caught and shrunk, the shrunk trace replays from
 * the file alone (and says when the module changed), the example model checks
 * a history; a module that is missing, misshapen or named like a built-in is
 * one line and exit 2.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../traces/errors.js';
import { loadDescriptorModule } from '../run/user-module.js';
import { runSeed } from '../run/run-seed.js';
import { REPO_ROOT, runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'quorate-user-module-'));
symlinkSync(join(REPO_ROOT, 'examples'), join(dir, 'examples'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const STORE = './examples/my-store/my-store.ts';
const oneLine = (s: string): string[] => s.trim().split('\n');

describe('the walk-through: examples/my-store', () => {
  // The README's 200 seeds run in readme-commands.test.ts; 20 here, on worker threads that import the module by path.
  it('the correct store passes, on worker threads that import the module by path', () => {
    const r = runCli(['run', '--subsystem', STORE, '--seeds', '20', '--workers', '2'], { cwd: dir });
    expect(r.stdout).toMatch(/my-store: 20 seeds, 20 passed, 0 failed, 0 unknown/);
    expect(r.code).toBe(0);
  });

  it('the planted bug is caught, shrunk, and the shrunk trace replays from the file alone', () => {
    const r = runCli(['run', '--subsystem', STORE, '--mutant', 'in-memory', '--workers', '0'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL my-store \(mutant in-memory\) seed 14: linearizability/);
    const shrunk = '.quorate/traces/my-store-in-memory-14-shrunk.jsonl';
    expect(r.stdout).toContain(`replay: quorate replay ${shrunk}`);
    const header = JSON.parse(readFileSync(join(dir, shrunk), 'utf8').split('\n')[0] as string) as { module: { path: string; sha256: string } };
    expect(header.module.path).toBe(join(dir, 'examples/my-store/my-store.ts'));
    expect(header.module.sha256).toMatch(/^[0-9a-f]{64}$/);
    const again = runCli(['replay', shrunk], { cwd: dir });
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(/FAILS linearizability[\s\S]*byte-identical/);
    expect(again.stdout).not.toMatch(/changed since/);
  });

  it("the store and the model type-check against the package's published types", () => {
    // As a user's project would: `from 'quorate'` resolves through package.json "exports" to dist/index.d.ts.
    const config = join(dir, 'tsconfig.json');
    writeFileSync(config, JSON.stringify({
      extends: join(REPO_ROOT, 'tsconfig.json'),
      compilerOptions: { noEmit: true, rootDir: REPO_ROOT, typeRoots: [join(REPO_ROOT, 'node_modules/@types')] },
      include: [join(REPO_ROOT, 'examples/my-store/*.ts')], exclude: [],
    }));
    const r = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', config], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('the example model judges the two counter histories', () => {
    const model = './examples/my-store/counter-model.ts';
    const ok = runCli(['check', '--model', model, 'examples/my-store/counter-ok.jsonl'], { cwd: dir });
    expect({ code: ok.code, out: ok.stdout }).toMatchObject({ code: 0, out: expect.stringMatching(/linearizable \(counter, 4 ops/) });
    const lost = runCli(['check', '--model', model, 'examples/my-store/counter-lost-add.jsonl'], { cwd: dir });
    expect({ code: lost.code, out: lost.stdout }).toMatchObject({ code: 1, out: expect.stringMatching(/not-linearizable \(counter, 3 ops/) });
  });
});

describe('a module of ones own', () => {
  // A copy of the store outside the package: it imports quorate from the sources, and is then edited.
  const copy = join(dir, 'copy-store.ts');
  writeFileSync(copy, readFileSync(join(REPO_ROOT, 'examples/my-store/my-store.ts'), 'utf8')
    .replace("from 'quorate'", `from ${JSON.stringify(join(REPO_ROOT, 'index.ts'))}`)
    .replace("name: 'my-store'", "name: 'copy-store'"));

  it('replay says when the module changed since the trace, and refuses when it is gone', () => {
    const r = runCli(['run', '--subsystem', copy, '--mutant', 'in-memory', '--seed', '14', '--seeds', '1', '--workers', '0', '--out', 'copy'], { cwd: dir });
    expect(r.code).toBe(1);
    const trace = join(dir, 'copy/copy-store-in-memory-14-shrunk.jsonl');
    expect(existsSync(trace)).toBe(true);
    appendFileSync(copy, '// edited\n');
    const changed = runCli(['replay', trace], { cwd: dir });
    expect(changed.stdout.split('\n')[0]).toMatch(/^note: .*copy-store\.ts changed since the trace was recorded \(sha256 [0-9a-f]{12}… then, [0-9a-f]{12}… now\)/);
    expect(changed.code).toBe(1);
    rmSync(copy);
    const gone = runCli(['replay', trace], { cwd: dir });
    expect(gone.code).toBe(2);
    expect(oneLine(gone.stderr)).toEqual([expect.stringMatching(/copy-store-in-memory-14-shrunk\.jsonl:1: the trace was recorded from the module .*copy-store\.ts, which no longer exists/)]);
  });

  it('a JavaScript module works too', async () => {
    const js = join(dir, 'ideal-copy.mjs');
    writeFileSync(js, `import { ideal } from ${JSON.stringify(join(REPO_ROOT, 'index.ts'))};\nexport default { ...ideal, name: 'ideal-copy' };\n`);
    const { descriptor, origin } = await loadDescriptorModule(js);
    expect(origin).toEqual({ path: js, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(runSeed(descriptor, 1, { mutant: undefined })).toMatchObject({ subsystem: 'ideal-copy', verdict: 'pass' });
  });

  it.each([
    ['a missing file', 'nope.ts', undefined, /^nope\.ts: no such file \(expected a \.ts or \.js module whose default export is a SubsystemDescriptor/],
    ['no default export', 'none.mjs', 'export const x = 1;\n', /none\.mjs: the default export must be a SubsystemDescriptor \{ name, .*\}: it has no default export$/],
    ['a field missing', 'half.mjs', "export default { name: 'half', description: 'd' };\n", /half\.mjs: the default export must be a SubsystemDescriptor .*: "model" is missing$/],
    ['a cluster without servers', 'cluster.mjs', `import { ideal } from ${JSON.stringify(join(REPO_ROOT, 'index.ts'))};\nexport default { ...ideal, name: 'c', cluster: { clients: 2 } };\n`, /cluster\.mjs: .*"cluster\.servers" must be a positive integer, got undefined$/],
    ['a wrong fault kind', 'faults.mjs', `import { ideal } from ${JSON.stringify(join(REPO_ROOT, 'index.ts'))};\nexport default { ...ideal, name: 'f', faults: ['meteor'] };\n`, /faults\.mjs: .*"faults" has "meteor", not a fault kind \(known: partition-halves,/],
    ['a module that throws', 'throws.mjs', "throw new Error('boom');\n", /throws\.mjs: cannot load the module: boom$/],
  ])('%s is refused with one line', async (_what, name, text, message) => {
    if (text !== undefined) writeFileSync(join(dir, name), text);
    const err = await loadDescriptorModule(join(dir, name)).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message.replace(`${dir}/`, '')).toMatch(message);
    expect((err as Error).message).not.toContain('\n');
  });

  it('on the command line: exit 2 and one line, also for a built-in name', () => {
    writeFileSync(join(dir, 'builtin.ts'), `import { ideal } from ${JSON.stringify(join(REPO_ROOT, 'index.ts'))};\nexport default ideal;\n`);
    const r = runCli(['run', '--subsystem', './builtin.ts', '--seeds', '1', '--workers', '0'], { cwd: dir });
    expect({ code: r.code, stderr: oneLine(r.stderr) }).toEqual({ code: 2, stderr: ["quorate: ./builtin.ts: the descriptor's name \"ideal\" is a built-in subsystem's; choose another name"] });
    const half = runCli(['run', '--subsystem', './half.mjs', '--seeds', '1'], { cwd: dir });
    expect({ code: half.code, stderr: oneLine(half.stderr) }).toEqual({ code: 2, stderr: [expect.stringMatching(/^quorate: \.\/half\.mjs: the default export must be a SubsystemDescriptor .*: "model" is missing$/)] });
  });

  it('a model module of the wrong shape is one line and exit 2', () => {
    writeFileSync(join(dir, 'model.mjs'), "export default { name: 'm', operations: ['read'], init: () => 0 };\n");
    const r = runCli(['check', '--model', './model.mjs', 'examples/my-store/counter-ok.jsonl'], { cwd: dir });
    expect({ code: r.code, stderr: oneLine(r.stderr) }).toEqual({ code: 2, stderr: [expect.stringMatching(/model\.mjs: the default export must be a Model \{ name, operations, init\(\), step\(\), .*\}: "step" is missing$/)] });
  });
});
