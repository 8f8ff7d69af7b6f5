/**
 * V8's optimizing compiler kept waiting for the first `HOLD_MS` of a `quorate check`, from the first
 * file of 64 KB to 1 MB it checks.
 *
 * Why: such a check is over some tens of milliseconds after Node's start-up, before the code TurboFan
 * optimizes pays for its compiling. The compiles run on V8's worker threads, four of them by
 * default, and on a two-core machine they take the main thread's core for much of the run: on
 * Porcupine's kv/c50-bad.txt, 18 TurboFan jobs, ~57 ms of CPU, in a check of ~70 ms. Kept waiting,
 * the check runs in V8's baseline tiers (Ignition and Sparkplug, which compile on the main thread at
 * a fraction of the cost) and its process ends 10-30 ms sooner, with 40-80 ms less CPU. Longer work
 * is where optimized code pays, so the hold ends after `HOLD_MS`, and never starts where the work is
 * known to be long or cannot gain: worker threads, the consistency checkers, standard input, files
 * outside `HOLD_FILE_BYTES`. (Porcupine's six kv histories in one check: 190.0 -> 175.5 ms, 30
 * alternated runs; eight of its 300 KB histories: 341.8 -> 297.6 ms, 10 runs.) Which tier runs a
 * function never changes what it computes.
 *
 * How: V8 decides to optimize a function when the function has used up an interrupt budget of
 * bytecode executed; the hold multiplies the budget by `BUDGET_FACTOR` (`--interrupt-budget`, through
 * `v8.setFlagsFromString`, once the bundle and its code cache have loaded: V8 rejects a code cache
 * made under other flags), and its end sets V8's default again. A function that runs long enough
 * is still optimized during the hold, only later; after it, budgets are the default. (Turning
 * TurboFan off instead, `--no-turbofan` and then `--turbofan`, gained as much on c50-bad but left
 * the functions that were hot during the hold unoptimized, or optimized only on-stack, long after
 * it: a generated 347 KB history whose search takes ~1.1 s took 1.49 s instead of 1.11, with 41
 * functions optimized instead of 65.) The default is V8's own for the engine quorate was measured
 * on, V8 11.3 (Node 20): under any other V8 nothing is held, since the default to go back to is not
 * known. `poll` ends the hold once `HOLD_MS` have passed, and a timer at the first turn of the
 * event loop after that (the search yields every ~20 ms). Nothing is held when Node was started with
 * options of its own for V8's compilers: they are the user's to set. `--turbofan`, V8's default, is
 * how to measure a check without the hold:
 * `node dist/bench/compare-builds.js --node-b --turbofan . . -- check FILE`.
 */
import { createRequire } from 'node:module';
import type v8Module from 'node:v8';

/** How long the hold lasts at most. */
export const HOLD_MS = 100;
/**
 * The file sizes whose checks gain from the hold: below the least, a check is over in a few
 * milliseconds with nothing for TurboFan to do, and loading node:v8 for the hold costs ~2.5 ms; above
 * the most, reading the file is long work already.
 */
export const HOLD_FILE_BYTES = { least: 64 * 1024, most: 1024 * 1024 } as const;

/** Whether the check of a file of `bytes` bytes gains from the hold (see HOLD_FILE_BYTES). */
export function gainsFromHold(bytes: number): boolean {
  return bytes >= HOLD_FILE_BYTES.least && bytes <= HOLD_FILE_BYTES.most;
}

/** Node options that set V8's tiers: with any of them, the user's settings stand. */
const USERS_OWN = /max-opt|jitless|\b(no-)?opt\b|always-opt|turbofan|maglev|sparkplug|interrupt-budget|invocation-count/;
/** V8's default `--interrupt-budget`, by the engine versions it is known for (`process.versions.v8`, major.minor). */
const DEFAULT_BUDGET: Readonly<Record<string, number>> = { '11.3': 67_584 };
/** How many times the default budget a function uses up before V8 optimizes it, while the hold is on. */
export const BUDGET_FACTOR = 8;

/** V8's default interrupt budget for engine version `v8` (as `process.versions.v8` gives it), if known. */
export function defaultBudget(v8Version: string): number | undefined {
  return DEFAULT_BUDGET[v8Version.split('.').slice(0, 2).join('.')];
}

const budget = defaultBudget(process.versions.v8);
let v8: typeof v8Module | undefined;
let since = 0n;
let timer: ReturnType<typeof setTimeout> | undefined;
let isHeld = false;
/** Whether the hold has started in this process: it starts once at most (the start of a run is what it is for). */
let started = false;

/** Whether `hold` would start the hold: once per process at most, under a known V8, not under the user's own tier options. */
export function canHold(): boolean {
  return !started && budget !== undefined && !USERS_OWN.test(`${process.execArgv.join(' ')} ${process.env['NODE_OPTIONS'] ?? ''}`);
}

/** Starts the hold, if it can (`canHold`). */
export function hold(): void {
  if (!canHold()) return;
  // (Loaded here, not at start-up: node:v8 loads Node's stream modules, ~2.5 ms.)
  v8 ??= createRequire(import.meta.url)('node:v8') as typeof v8Module;
  v8.setFlagsFromString(`--interrupt-budget=${budget! * BUDGET_FACTOR}`);
  isHeld = true;
  started = true;
  since = process.hrtime.bigint();
  timer = setTimeout(release, HOLD_MS);
  timer.unref();
}

/** Ends the hold, if one is on. */
export function release(): void {
  if (!isHeld) return;
  isHeld = false;
  clearTimeout(timer);
  v8!.setFlagsFromString(`--interrupt-budget=${budget!}`);
}

/** Ends the hold once it has lasted `HOLD_MS`. */
export function poll(): void {
  if (isHeld && process.hrtime.bigint() - since > BigInt(HOLD_MS) * 1_000_000n) release();
}

/** Whether the hold is on. */
export function held(): boolean {
  return isHeld;
}
