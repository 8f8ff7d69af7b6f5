#!/usr/bin/env node
/**
 * The `quorate` process. `quorate check` runs from the bundle when one was
 * built (bundle-loader.ts: one file and a code cache instead of some fifty
 * modules to load); every other command, and `check` without a bundle, runs
 * module by module (cli.ts), as from source. The same code runs either way.
 */
import { loadBundle, type CliModule } from './bundle-loader.js';

const cli: CliModule = (process.argv[2] === 'check' ? loadBundle()?.cli : undefined) ?? (await import('./cli.js'));

cli.main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = 4; // EXIT.internal (exit.ts), not imported: this entry loads nothing it does not need
  },
);
