/**
 * `node dist/tools/bundle.js` (the last step of `npm run build`): links
 * dist/harness/cli/main.js to the CommonJS entry main.cjs (harness/cli/main.cts says why), bundles
 * `quorate check` (harness/cli/check-cli.ts) into dist/quorate-cli.cjs and writes V8's code cache for it
 * (harness/cli/bundle-loader.cts says why and how it is loaded).
 *
 * - Quorate's own modules go in, and commander (the argument parser: only
 *   the command line uses it, and its files loaded one by one cost more than
 *   the check of a small history). Every other package stays in node_modules
 *   and is required from there: a user's module that imports fast-check or
 *   the tracing API shares the one copy with quorate.
 * - Each `import.meta.url` is rewritten to the URL its module has in dist/,
 *   so paths computed from it (package.json, worker entries, the repository
 *   root) are those of the unbundled files: a worker thread still starts
 *   from dist/harness/check/check-worker.js.
 * - harness/run/dynamic-import.ts becomes the loader's own `import()`, which
 *   it passes in: a script run from a code cache cannot import (Node 20).
 * - Two modules are replaced by what they compute, since at start-up each
 *   cost milliseconds a `check` of a small file notices: traces/version.js
 *   becomes the version in package.json (it resolves and parses package.json
 *   at start-up), and commander's require of node:child_process (which loads
 *   the networking and stream modules) is deferred to the one place it is
 *   used, running a subcommand as an executable, which quorate never does.
 * - The code cache is taken after a warm-up that checks the repository's own
 *   corpus files in each input format, so the functions a `check` runs are
 *   cached compiled; anything else compiles lazily, as without a cache.
 */
import { rmSync, symlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import bundleLoader from '../harness/cli/bundle-loader.cjs';
import { withOutputDropped } from '../harness/cli/closed-pipe.js';
import { repoRoot } from '../traces/corpus-dir.js';

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REPO = repoRoot();

/** Commands the warm-up runs before the code cache is taken: one per input format and built-in checker path. */
const WARM_UP: readonly (readonly string[])[] = [
  ['check', '--model', 'kv', 'traces/corpus/kv-double-append.edn', 'traces/corpus/kv-lost-append.jsonl', 'traces/corpus/kv-ok.jsonl'],
  ['check', '--model', 'register', 'traces/corpus/register-jepsen.log', 'traces/corpus/maelstrom-lin-kv-stale.edn', 'traces/corpus/register-ok.jsonl'],
];

const DYNAMIC_IMPORT = path.join(DIST, 'harness/run/dynamic-import.js');
const VERSION_MODULE = path.join(DIST, 'traces/version.js');

async function packageVersion(): Promise<string> {
  return (JSON.parse(await readFile(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The packages bundled in (see above). */
const INSIDE = new Set(['commander']);

async function bundle(): Promise<void> {
  const ownCode = new RegExp(`^${DIST.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/.*\\.js$`);
  const result = await esbuild.build({
    metafile: true,
    entryPoints: [path.join(DIST, 'harness/cli/check-cli.js')],
    outfile: path.join(DIST, bundleLoader.BUNDLE_FILE),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Class and function names stay as written: messages and tests may show them.
    keepNames: true,
    logLevel: 'error',
    banner: { js: "const __quorateModuleUrl = (rel) => require('node:url').pathToFileURL(require('node:path').join(__dirname, rel)).href;" },
    plugins: [
      {
        name: 'packages-outside',
        setup(build) {
          build.onResolve({ filter: /^[^./]/ }, (args) => (INSIDE.has(args.path) ? undefined : { path: args.path, external: true }));
        },
      },
      {
        name: 'commander-lazy-child-process',
        setup(build) {
          build.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, async (args) => {
            const src = await readFile(args.path, 'utf8');
            const eager = "const childProcess = require('node:child_process');";
            if (!src.includes(eager)) throw new Error(`${args.path}: no "${eager}" to defer (commander changed: update tools/bundle.ts)`);
            const lazy = "const childProcess = { spawn: (...a) => require('node:child_process').spawn(...a) };";
            return { contents: src.replace(eager, lazy), loader: 'js' };
          });
        },
      },
      {
        name: 'module-url',
        setup(build) {
          build.onLoad({ filter: ownCode }, async (args) => {
            if (args.path === DYNAMIC_IMPORT) return { contents: 'export const dynamicImport = __quorateImport;', loader: 'js' };
            if (args.path === VERSION_MODULE) return { contents: `export const VERSION = ${JSON.stringify(await packageVersion())};`, loader: 'js' };
            const src = await readFile(args.path, 'utf8');
            const rel = JSON.stringify(path.relative(DIST, args.path).split(path.sep).join('/'));
            return { contents: src.replaceAll('import.meta.url', `__quorateModuleUrl(${rel})`), loader: 'js' };
          });
        },
      },
    ],
  });
  // Every run-time import must go through dynamic-import.ts (see above): any other would fail only when it runs.
  // esbuild lists those of a constant specifier; one of a computed specifier it does not, and harness/cli/bundle.test.ts
  // runs both of the bundle's (a user's .js and .ts model).
  const left = Object.values(result.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.kind === 'dynamic-import').map((i) => i.path));
  if (left.length > 0) throw new Error(`import() left in the bundle (use harness/run/dynamic-import.ts): ${left.join(', ')}`);
}

async function warmUpAndCache(): Promise<void> {
  const loaded = bundleLoader.loadBundle({ useCache: false });
  if (loaded === undefined) throw new Error(`${bundleLoader.BUNDLE_FILE} was not written`);
  const write = { out: process.stdout.write, err: process.stderr.write };
  const cwd = process.cwd();
  const failures: string[] = [];
  try {
    process.chdir(REPO);
    for (const argv of WARM_UP) {
      process.stdout.write = () => true;
      process.stderr.write = () => true;
      // (check writes its own output with writeOut/writeErr, straight to the descriptors: dropped there.)
      const code = await withOutputDropped(() => loaded.cli.main([process.execPath, 'quorate', ...argv]));
      process.stdout.write = write.out;
      process.stderr.write = write.err;
      // Each warm-up command finds a violation in one of its files: exit 1, never an error.
      if (code !== 1) failures.push(`quorate ${argv.join(' ')} exited ${code}, expected 1`);
    }
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
    process.chdir(cwd);
    process.exitCode = undefined;
  }
  if (failures.length > 0) throw new Error(`warm-up: ${failures.join('; ')}`);
  loaded.writeCodeCache();
}

/**
 * dist/harness/cli/main.js, the command the README gives, as a link to main.cjs, so that Node starts
 * it as the CommonJS module it is (harness/cli/main.cts says why). Made first: the command works even
 * if bundling fails, module by module.
 */
function linkEntry(): void {
  const link = path.join(DIST, 'harness/cli/main.js');
  rmSync(link, { force: true }); // the link of the last build, or an ES module main.js of an older one
  symlinkSync('main.cjs', link);
}

try {
  linkEntry();
  await bundle();
  await warmUpAndCache();
} catch (e) {
  process.stderr.write(`bundle: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
}
