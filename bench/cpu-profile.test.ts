import { describe, it, expect } from 'vitest';
import { CHECK_PHASES, byPhase, topSelf, type CpuProfile } from './cpu-profile.js';

// root -> main -> readHistory -> line; main -> runSlices -> run; main -> minimizeWitness -> runSlices? no: -> run; root -> (garbage collector)
const frame = (functionName: string, url = 'file:///r/dist/harness/check/search.js', lineNumber = 9) => ({ functionName, url, lineNumber });
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)', ''), children: [2, 8] },
    { id: 2, callFrame: frame('main'), children: [3, 5, 6, 11] },
    { id: 3, callFrame: frame('readHistory'), children: [4] },
    { id: 4, callFrame: frame('line') },
    { id: 5, callFrame: frame('runSlices'), children: [7] },
    { id: 6, callFrame: frame('minimizeWitness'), children: [9] },
    { id: 7, callFrame: frame('run') },
    { id: 8, callFrame: frame('(garbage collector)', '') },
    { id: 9, callFrame: frame('runSlices'), children: [10] },
    { id: 10, callFrame: frame('run') },
    { id: 11, callFrame: frame('checkFile'), children: [12, 13] },
    { id: 12, callFrame: frame('partitionsOf') },
    { id: 13, callFrame: frame('writeSync') },
  ],
  samples: [4, 4, 7, 10, 10, 10, 8, 2, 12, 13, 13],
  timeDeltas: [1000, 1000, 2000, 1000, 1000, 1000, 500, 250, 1000, 500, 500],
};

describe('CPU profile summaries', () => {
  it('ranks functions by self time, naming where they are', () => {
    const { total, rows } = topSelf(profile, 2);
    expect(total).toBeCloseTo(9.75);
    expect(rows).toEqual([
      { name: 'run check/search.js:10', ms: 5 },
      { name: 'line check/search.js:10', ms: 2 },
    ]);
  });
  it('gives a sample to the outermost phase on its stack, to a fallback phase only when no other claims it; the rest is start-up or the collector', () => {
    expect(byPhase(profile, CHECK_PHASES)).toEqual([
      { name: 'search', ms: 3 }, // partitionsOf inside checkFile counts as search, not as checkFile's fallback
      { name: 'witness minimization', ms: 3 }, // runSlices inside minimizeWitness counts as minimization
      { name: 'reading and validating', ms: 2 },
      { name: 'other work per file (set-up, writing)', ms: 1 },
      { name: 'garbage collector', ms: 0.5 },
      { name: 'start-up, modules, command line', ms: 0.25 },
    ]);
  });
});
