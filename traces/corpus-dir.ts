/**
 * Where the shared corpus of third-party histories lives (Porcupine's Jepsen
 * and kv histories, ...): `$QUORATE_CORPUS`, else `../shared/corpus` beside
 * the repository. Tests and benchmarks skip corpus work when it is absent
 * (under CI=true such a skip fails CI: .ci/summary.mjs).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest folder above this file holding package.json (works from dist/ too). */
export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
    dir = up;
  }
}

/** The corpus folder, or undefined when it does not exist. */
export function corpusDir(): string | undefined {
  const dir = process.env['QUORATE_CORPUS'] ?? path.resolve(repoRoot(), '../shared/corpus');
  return existsSync(dir) ? dir : undefined;
}
