/**
 * Layer direction (DESIGN.md, "Layers: dependencies point one way"):
 * traces/ ← spec/ ← impl/ ← harness/, bench/. A file imports only from its
 * own layer or below, and the subsystem registry is read only by entry
 * points: the CLI and the worker entry that worker_threads start.
 */
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT as ROOT, sourceFiles } from './source-files.js';

/** The layers each top-level folder may import from (folders not listed are unconstrained). */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  traces: ['traces'],
  spec: ['spec', 'traces'],
  impl: ['impl', 'spec', 'traces'],
  harness: ['harness', 'impl', 'spec', 'traces'],
  bench: ['bench', 'harness', 'impl', 'spec', 'traces'],
};

/** The subsystem registry, and the only files (or folders, ending in '/') allowed to import it. */
const REGISTRY = 'harness/subsystems/index.ts';
const REGISTRY_READERS: readonly string[] = ['harness/cli/', 'harness/run/worker.ts'];

/** A source file and the module specifiers it imports. */
interface SourceImports {
  readonly path: string;
  readonly imports: readonly string[];
}

/** Module specifiers of static imports, re-exports, side-effect imports and dynamic `import('…')`. */
function parseImports(source: string): string[] {
  const out: string[] = [];
  const patterns = [
    /^\s*(?:import|export)\s+(?:type\s+)?[^'";]*?\sfrom\s*['"]([^'"]+)['"]/gm,
    /^\s*import\s*['"]([^'"]+)['"]/gm,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of source.matchAll(re)) out.push(m[1] as string);
  return out;
}

/** The repository path a relative specifier of `from` points at (`.js` read as `.ts`); undefined for packages. */
function resolve(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const p = posix.normalize(posix.join(posix.dirname(from), spec));
  return p.endsWith('.js') ? `${p.slice(0, -3)}.ts` : p;
}

/** Every rule violation among `files`, one line each: `file: imports target (why)`. */
function checkLayers(files: readonly SourceImports[]): string[] {
  const problems: string[] = [];
  for (const f of files) {
    const layer = f.path.split('/')[0] as string;
    const allowed = ALLOWED[layer];
    for (const spec of f.imports) {
      const target = resolve(f.path, spec);
      if (target === undefined) continue;
      if (target.startsWith('..')) {
        problems.push(`${f.path}: imports ${spec}, outside the repository`);
        continue;
      }
      const targetLayer = target.split('/')[0] as string;
      if (allowed !== undefined && ALLOWED[targetLayer] !== undefined && !allowed.includes(targetLayer)) {
        problems.push(`${f.path}: imports ${target} (${layer}/ may import only ${allowed.join('/, ')}/)`);
      }
      if (target === REGISTRY && !REGISTRY_READERS.some((r) => (r.endsWith('/') ? f.path.startsWith(r) : f.path === r))) {
        problems.push(`${f.path}: imports ${REGISTRY} (only entry points may: ${REGISTRY_READERS.join(', ')})`);
      }
    }
  }
  return problems;
}

/** Every non-test .ts file of the repository with its imports. */
function repoFiles(): SourceImports[] {
  return sourceFiles().map((path) => ({ path, imports: parseImports(readFileSync(join(ROOT, path), 'utf8')) }));
}

describe('import parser', () => {
  it('finds static, type-only, re-export, side-effect and dynamic imports', () => {
    const src = [
      "import { a } from './a.js';",
      "import type { B } from '../b/b.js';",
      "import {\n  c,\n  d,\n} from './cd.js';",
      "export { e } from './e.js';",
      "import './side.js';",
      "const m = await import('./dyn.js');",
      "import * as fc from 'fast-check';",
      "// the word import in a comment from nowhere",
    ].join('\n');
    expect(parseImports(src).sort()).toEqual(['../b/b.js', './a.js', './cd.js', './dyn.js', './e.js', './side.js', 'fast-check']);
  });
});

describe('layer rules', () => {
  const f = (path: string, ...imports: string[]): SourceImports => ({ path, imports });

  it('accepts imports downwards and within a layer', () => {
    expect(
      checkLayers([
        f('impl/raft/node.ts', '../actor.js', '../../spec/kv.js', '../../traces/history.js', 'pure-rand'),
        f('spec/kv.ts', './model.js', '../traces/schema/trace-v1.js'),
        f('harness/run/runner.ts', '../sim/world.js', '../../impl/actor.js'),
        f('harness/cli/main.ts', '../subsystems/index.js'),
        f('harness/run/worker.ts', '../subsystems/index.js'),
        f('bench/groups/x.ts', '../../harness/sim/world.js'),
      ]),
    ).toEqual([]);
  });

  it('rejects imports upwards', () => {
    expect(
      checkLayers([
        f('traces/history.ts', '../spec/model.js'),
        f('spec/kv.ts', '../impl/actor.js'),
        f('impl/raft/node.ts', '../../harness/sim/types.js'),
        f('spec/x.ts', '../bench/main.js'),
      ]),
    ).toEqual([
      'traces/history.ts: imports spec/model.ts (traces/ may import only traces/)',
      'spec/kv.ts: imports impl/actor.ts (spec/ may import only spec/, traces/)',
      'impl/raft/node.ts: imports harness/sim/types.ts (impl/ may import only impl/, spec/, traces/)',
      'spec/x.ts: imports bench/main.ts (spec/ may import only spec/, traces/)',
    ]);
  });

  it('lets only entry points read the subsystem registry', () => {
    expect(
      checkLayers([f('harness/run/runner.ts', '../subsystems/index.js'), f('bench/groups/y.ts', '../../harness/subsystems/index.js')]),
    ).toEqual([
      'harness/run/runner.ts: imports harness/subsystems/index.ts (only entry points may: harness/cli/, harness/run/worker.ts)',
      'bench/groups/y.ts: imports harness/subsystems/index.ts (only entry points may: harness/cli/, harness/run/worker.ts)',
    ]);
  });
});

describe('the source tree', () => {
  it('respects the layer direction', () => {
    const files = repoFiles();
    expect(files.some((x) => x.path === 'impl/actor.ts')).toBe(true);
    expect(checkLayers(files)).toEqual([]);
  });
});
