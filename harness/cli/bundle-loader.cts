/**
 * Loads `quorate check` from its bundle: dist/quorate-cli.cjs, one file
 * built by tools/bundle.ts from dist/harness/cli/check-cli.js and everything
 * it imports of quorate's own code, with V8's code cache for it beside it
 * (dist/quorate-cli.code-cache, written at build time by a warm-up run).
 *
 * Why: a `quorate check` of one small file is mostly start-up. Loading some
 * fifty ES modules means resolving, reading and compiling each; one script
 * with a code cache skips the resolution and the compiling of every function
 * the warm-up ran. Imports only Node's built-ins, so it costs nothing to load.
 *
 * The bundle is used only when it is at least as new as main.cjs: a `tsc`
 * run without the bundle step leaves it older, and the modules are then
 * loaded one by one, as they are from source; so they are when the bundle
 * fails to load (cut short, edited). A cache that V8 rejects (another Node
 * version) only costs the compiling it would have saved.
 */
import fs = require('node:fs');
import nodeModule = require('node:module');
import path = require('node:path');
import vm = require('node:vm');

// (A namespace assigned to module.exports: a CommonJS module compiled with verbatimModuleSyntax exports
// values only through `export =`, and main.cts must be CommonJS to start quickly.)
namespace bundleLoader {
  /** What the bundle exports: check-cli.ts's entry. */
  export interface CliModule {
    main(argv: readonly string[]): Promise<number>;
    /** Whether output is still queued on a standard stream (closed-pipe.ts; creates none). */
    outputQueued(): boolean;
  }

  /** The bundle, its code cache and the entry module it must be newer than (all under dist/). */
  export const BUNDLE_FILE = 'quorate-cli.cjs';
  export const CODE_CACHE_FILE = 'quorate-cli.code-cache';
  const ENTRY = 'harness/cli/main.cjs';

  /** A loaded bundle, and how to write the code cache of what it has compiled so far. */
  export interface LoadedBundle {
    readonly cli: CliModule;
    readonly cacheRejected: boolean | undefined;
    writeCodeCache(): void;
  }

  /** The dist/ directory this module was built into, or undefined when it runs from source. */
  function distDir(): string | undefined {
    return __filename.endsWith('.cjs') ? path.resolve(__dirname, '../..') : undefined;
  }

  /** Loads the bundle if there is a fresh one (see above); `useCache: false` compiles it from its source. */
  export function loadBundle(opts: { useCache?: boolean } = {}): LoadedBundle | undefined {
    const dist = distDir();
    if (dist === undefined || process.env['QUORATE_NO_BUNDLE'] === '1') return undefined;
    const file = path.join(dist, BUNDLE_FILE);
    const cacheFile = path.join(dist, CODE_CACHE_FILE);
    let source: string;
    try {
      if (fs.statSync(file).mtimeMs < fs.statSync(path.join(dist, ENTRY)).mtimeMs) return undefined;
      source = fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
    let cachedData: Buffer | undefined;
    if (opts.useCache !== false) {
      try {
        cachedData = fs.readFileSync(cacheFile);
      } catch {
        cachedData = undefined;
      }
    }
    // The wrapper Node gives a CommonJS module, and one more argument: the bundle's `import()` (a user's module, tsx;
    // harness/run/dynamic-import.ts), made here, since a script compiled from a code cache has no way to import of its own.
    let script: vm.Script;
    const module = { exports: {} as unknown };
    try {
      script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __quorateImport) {${source}\n})`, {
        filename: file,
        ...(cachedData !== undefined ? { cachedData } : {}),
      });
      const wrapper = script.runInThisContext() as (e: unknown, r: NodeRequire, m: unknown, f: string, d: string, i: (s: string) => Promise<unknown>) => void;
      // (Only definitions run here: the command itself runs when main() is called.)
      wrapper(module.exports, nodeModule.createRequire(file), module, file, dist, (specifier) => import(specifier));
    } catch {
      return undefined; // a damaged bundle (cut short, edited): the modules one by one still work
    }
    return {
      cli: module.exports as CliModule,
      cacheRejected: cachedData !== undefined ? script.cachedDataRejected : undefined,
      writeCodeCache: () => fs.writeFileSync(cacheFile, script.createCachedData()),
    };
  }
}

export = bundleLoader;
