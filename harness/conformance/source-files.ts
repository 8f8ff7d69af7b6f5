/**
 * Test helper: the repository's source files, for tests that scan the code
 * itself (determinism rule, layer direction).
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Every non-test, non-declaration .ts file under `dir` (repository-relative;
 * default the whole repository), as repository-relative posix paths.
 * node_modules, dist and dot-folders are skipped.
 */
export function sourceFiles(dir = ''): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')) out.push(relative(REPO_ROOT, p).split(sep).join('/'));
    }
  };
  walk(join(REPO_ROOT, dir));
  return out;
}
