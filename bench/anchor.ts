/**
 * The Porcupine anchor (`../shared/anchors/porcupine/`): Porcupine's source
 * and a driver (`porcbench`) that the bench builds with Go when Go is on the
 * machine, and runs beside quorate in the same run. No anchor time is ever
 * typed into the code: a ratio is computed only from two figures measured
 * back to back (absolute times move 2-5x between runs here).
 *
 * `npm run bench` builds the driver once (main.ts, `buildAnchor`) and hands
 * its path to the group children in `QUORATE_PORCBENCH`; a child that finds
 * no binary says why in `QUORATE_PORCBENCH_MISSING` and prints no ratio.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { corpusDir, repoRoot } from '../traces/corpus-dir.js';

/** Environment variable carrying the built driver's path to the group children. */
export const ANCHOR_BIN_ENV = 'QUORATE_PORCBENCH';
/** Environment variable carrying why there is no driver. */
export const ANCHOR_MISSING_ENV = 'QUORATE_PORCBENCH_MISSING';

/** The anchor: a runnable driver, or why there is none. */
export type Anchor = { readonly bin: string } | { readonly missing: string };

/** The anchors folder: `$QUORATE_ANCHORS`, else `anchors/` beside the corpus, else `../shared/anchors`. */
export function anchorsDir(): string {
  const env = process.env['QUORATE_ANCHORS'];
  if (env !== undefined) return env;
  const corpus = corpusDir();
  return corpus !== undefined ? path.resolve(corpus, '../anchors') : path.resolve(repoRoot(), '../shared/anchors');
}

/**
 * Builds porcbench with `build.sh` into a fresh temporary folder (the anchors
 * folder is read-only), or says why it cannot: no Go, no sources, a failed build.
 */
export function buildAnchor(): Anchor {
  const script = path.join(anchorsDir(), 'porcupine', 'build.sh');
  if (!existsSync(script)) return { missing: `anchor not built: no ${script}` };
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.error !== undefined || go.status !== 0) return { missing: 'anchor not built: go not found (apt-get install -y golang-go)' };
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'quorate-porcbench-')), 'porcbench');
  const r = spawnSync('bash', [script, out], { encoding: 'utf8' });
  if (r.status !== 0 || !existsSync(out)) {
    const why = (r.stderr ?? '').trim().split('\n').pop() ?? `exit code ${r.status}`;
    return { missing: `anchor not built: build.sh failed: ${why}` };
  }
  return { bin: out };
}

/** The anchor as the bench runner handed it to this process. */
export function anchorFromEnv(): Anchor {
  const bin = process.env[ANCHOR_BIN_ENV];
  if (bin !== undefined && existsSync(bin)) return { bin };
  return { missing: process.env[ANCHOR_MISSING_ENV] ?? 'anchor not built: run the group through `npm run bench` (it builds Porcupine when Go is present)' };
}

/** The arguments of porcbench's bench mode over the corpus files whose path matches `only`. */
export function anchorArgs(dataDir: string, only: string, out?: string): string[] {
  return ['-data', dataDir, '-only', only, '-runs', '1', ...(out === undefined ? [] : ['-out', out])];
}

/** Porcupine's check-only time (sum of its per-file `CheckEvents` times) and per-file verdicts, from one run of its driver. */
export interface AnchorCheck {
  readonly ms: number;
  readonly files: number;
  /** Porcupine's verdict per file: Ok, Illegal or Unknown. */
  readonly verdicts: ReadonlyMap<string, string>;
}

/** Runs porcbench over the files matching `only` and sums the check times of its TSV (parsing not included). */
export function runAnchorCheck(bin: string, dataDir: string, only: string): AnchorCheck {
  const dir = mkdtempSync(path.join(tmpdir(), 'quorate-anchor-'));
  try {
    const tsv = path.join(dir, 'table.tsv');
    const r = spawnSync(bin, anchorArgs(dataDir, only, tsv), { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    if (r.error !== undefined) throw new Error(`porcbench did not run: ${r.error.message}`);
    if (r.status !== 0) throw new Error(`porcbench exited ${r.status}: ${(r.stderr ?? '').trim().split('\n').pop() ?? ''}`);
    return parseAnchorTable(readFileSync(tsv, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Reads porcbench's TSV: rows `file model mode verdict ops median_ms`; `#` lines are comments. */
export function parseAnchorTable(text: string): AnchorCheck {
  let ms = 0;
  const verdicts = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const cells = line.split('\t');
    const t = Number(cells[5]);
    if (cells.length < 6 || !Number.isFinite(t)) continue; // the header row
    ms += t;
    verdicts.set(cells[0]!, cells[3]!);
  }
  return { ms, files: verdicts.size, verdicts };
}
