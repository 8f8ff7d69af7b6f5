/**
 * Summaries of a V8 CPU profile (`node --cpu-prof`), as issue 9 asks them:
 * the top functions by self time, and the time per phase of `quorate check`
 * (a sample belongs to the outermost phase function on its stack; samples
 * in no phase are start-up, module loading and the command line, or the
 * garbage collector).
 */

/** The parts of a `.cpuprofile` file read here. */
export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
    readonly children?: readonly number[];
  }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** One row of a summary: a name and its milliseconds. */
export interface ProfileRow {
  readonly name: string;
  readonly ms: number;
}

/**
 * The phases of `quorate check`, by the function that runs each. A `fallback` phase counts only the
 * samples under it that no other phase claims: the rest of a file's work (the check's set-up,
 * writing), kept apart from start-up.
 */
export const CHECK_PHASES: readonly { readonly phase: string; readonly fn: string; readonly fallback?: boolean }[] = [
  { phase: 'reading and validating', fn: 'readHistory' },
  { phase: 'reading and validating', fn: 'validateForModel' },
  { phase: 'reading and validating', fn: 'inferModel' },
  { phase: 'search', fn: 'runSlices' },
  { phase: 'search', fn: 'partitionsOf' },
  { phase: 'other keys up to the violation', fn: 'earliestViolation' },
  { phase: 'witness minimization', fn: 'minimizeWitness' },
  { phase: 'witness search and tables', fn: 'buildWitness' },
  { phase: 'explanation', fn: 'explainWitness' },
  { phase: 'text output', fn: 'formatWitness' },
  { phase: 'other work per file (set-up, writing)', fn: 'checkFile', fallback: true },
];

const where = (url: string, line: number): string => (url === '' ? '' : ` ${url.split('/').slice(-2).join('/')}:${line + 1}`);

function walk(p: CpuProfile, visit: (stack: readonly number[], ms: number) => void): number {
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  let total = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const ms = (p.timeDeltas[i] ?? 0) / 1000;
    total += ms;
    const stack: number[] = [];
    for (let id: number | undefined = p.samples[i]; id !== undefined; id = parent.get(id)) stack.push(id);
    visit(stack, ms);
  }
  return total;
}

/** The `top` functions by self time, and the profile's total. */
export function topSelf(p: CpuProfile, top: number): { total: number; rows: ProfileRow[] } {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const total = walk(p, (stack, ms) => {
    const f = byId.get(stack[0]!)!.callFrame;
    const name = `${f.functionName === '' ? '(anonymous)' : f.functionName}${where(f.url, f.lineNumber)}`;
    self.set(name, (self.get(name) ?? 0) + ms);
  });
  const rows = [...self].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms || (a.name < b.name ? -1 : 1));
  return { total, rows: rows.slice(0, top) };
}

/** Milliseconds per phase (`phases`: outermost matching function on the stack wins; a fallback phase only when no other matches). */
export function byPhase(p: CpuProfile, phases: readonly { readonly phase: string; readonly fn: string; readonly fallback?: boolean }[]): ProfileRow[] {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const out = new Map<string, number>();
  walk(p, (stack, ms) => {
    let phase: string | undefined;
    let fallback: string | undefined;
    for (let i = stack.length - 1; i >= 0 && phase === undefined; i--) {
      const fn = byId.get(stack[i]!)!.callFrame.functionName;
      const found = phases.find((x) => x.fn === fn);
      if (found?.fallback === true) fallback ??= found.phase;
      else phase = found?.phase;
    }
    phase ??= fallback;
    if (phase === undefined) {
      const leaf = byId.get(stack[0]!)!.callFrame.functionName;
      phase = leaf === '(garbage collector)' ? 'garbage collector' : leaf === '(idle)' ? 'idle' : 'start-up, modules, command line';
    }
    out.set(phase, (out.get(phase) ?? 0) + ms);
  });
  return [...out].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms);
}
