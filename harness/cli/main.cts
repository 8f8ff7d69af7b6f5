#!/usr/bin/env node
/**
 * The `quorate` process. `quorate check` runs from the bundle when one was
 * built (bundle-loader.cts: one file and a code cache instead of some fifty
 * modules to load); every other command, and `check` without a bundle, runs
 * module by module (cli.ts), as from source. The same code runs either way.
 *
 * A CommonJS module, unlike the rest of quorate: Node starts an ES module
 * entry through its ES module loader, some twenty internal modules more than
 * a CommonJS one, about 7 ms of a small `check` (40 alternated runs). The
 * build (tools/bundle.ts) links dist/harness/cli/main.js, the command the
 * README gives, to the main.cjs compiled from this file: Node runs an entry
 * by its real path, so `node dist/harness/cli/main.js` starts as CommonJS.
 */
import loader = require('./bundle-loader.cjs');

const bundled = process.argv[2] === 'check' ? loader.loadBundle()?.cli : undefined;
const cli: Promise<loader.CliModule> = bundled !== undefined ? Promise.resolve(bundled) : import('./cli.js');

cli
  .then(async (m) => {
    const code = await m.main(process.argv);
    process.exitCode = code;
    if (process.argv[2] === 'check' && !m.outputQueued()) exitOnceWritten(code);
  })
  .then(
    () => undefined,
    () => {
      process.exitCode = 4; // EXIT.internal (exit.ts), not imported: this entry loads nothing it does not need
    },
  );

/**
 * Ends a finished `check` at once when its output is all written, instead of when the event loop
 * empties: before a natural exit Node waits for every task V8 has queued on its worker threads,
 * and at the end of a check those are mostly optimizing compiles of functions that have just
 * turned hot and will not run again. Called only when no output is queued (`outputQueued`, which
 * looks without creating a standard stream: closed-pipe.ts): a check's own output is written before
 * its write returns; anything queued, a terminal's elsewhere, is left to the natural exit.
 */
function exitOnceWritten(code: number): void {
  process.exit(code);
}
