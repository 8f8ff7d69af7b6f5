/**
 * The directory a command writes traces to (`--out DIR`). It is checked
 * before a run starts — an existing file, a path under a file or a place
 * where nothing can be created is one usage line, not a failure after the
 * whole run — and created one level at a time: Node 20's recursive mkdir
 * loops forever on some paths (`/proc/nope`), so it is never used here.
 */
import { mkdirSync, mkdtempSync, rmdirSync, statSync, type Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../../traces/errors.js';

/** The nearest existing path at or above `dir`, with the missing levels below it (outermost first). */
function nearestExisting(dir: string): { readonly path: string; readonly stats: Stats; readonly missing: readonly string[] } {
  const missing: string[] = [];
  let p = resolve(dir);
  for (;;) {
    try {
      return { path: p, stats: statSync(p), missing: missing.reverse() };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw e;
      const parent = dirname(p);
      if (parent === p) throw e;
      missing.push(p);
      p = parent;
    }
  }
}

function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ?? err.message;
}

/**
 * Throws a UsageError (exit 2) naming `option` unless traces can be written
 * under `dir`: it is a directory, or can be created as one. Creates nothing
 * that stays (a probe directory is made and removed).
 */
export function checkOutDir(dir: string, option = '--out'): void {
  const what = `${option} ${dir}`;
  let near: ReturnType<typeof nearestExisting>;
  try {
    near = nearestExisting(dir);
  } catch (e) {
    throw new UsageError(`${what}: cannot look at it (${reason(e)}); expected a directory quorate can write to`);
  }
  if (!near.stats.isDirectory()) {
    const where = near.missing.length === 0 ? 'is a file' : `${near.path} is a file`;
    throw new UsageError(`${what}: ${where}; expected a directory (or a path where one can be created)`);
  }
  try {
    rmdirSync(mkdtempSync(join(near.path, '.quorate-probe-')));
  } catch (e) {
    throw new UsageError(`${what}: cannot create anything in ${near.path} (${reason(e)}); expected a writable directory`);
  }
}

/** Creates `dir` and its missing parents, one level at a time (never Node's recursive mkdir). */
export function ensureDir(dir: string): void {
  const near = nearestExisting(dir);
  for (const p of near.missing) {
    try {
      mkdirSync(p);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(p).isDirectory()) throw e;
    }
  }
}
