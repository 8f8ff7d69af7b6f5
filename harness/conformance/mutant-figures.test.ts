/**
 * The measured mutant figures `quorate list` prints
 * (harness/subsystems/mutant-figures.ts, written by `npm run
 * measure-mutants`) cover every listed mutant of every descriptor and nothing
 * else: a new or renamed mutant without figures fails here until they are
 * measured again.
 */
import { describe, expect, it } from 'vitest';
import { SUBSYSTEMS } from '../subsystems/index.js';
import { MUTANT_FIGURES } from '../subsystems/mutant-figures.js';
import { catalogue, describeFigure, listCommand } from '../cli/list-command.js';
import { figuresTable } from '../cli/measure-mutants.js';

describe('measured mutant figures', () => {
  it('cover exactly the listed mutants of every descriptor', () => {
    const listed = Object.fromEntries(SUBSYSTEMS.filter((d) => d.mutants.length > 0).map((d) => [d.name, d.mutants.map((m) => m.name).sort()]));
    const measured = Object.fromEntries(Object.entries(MUTANT_FIGURES).map(([d, ms]) => [d, Object.keys(ms).sort()]));
    expect(measured).toEqual(listed);
  });

  it('say every listed mutant was caught, first by a property its caughtBy names', () => {
    for (const d of SUBSYSTEMS) {
      for (const m of d.mutants) {
        const f = MUTANT_FIGURES[d.name]?.[m.name];
        expect(f?.firstSeed, `${d.name}/${m.name}`).not.toBeNull();
        expect(f!.failing, `${d.name}/${m.name}`).toBeGreaterThan(0);
        expect(f!.firstSeedProperties, `${d.name}/${m.name}`).toContain(f!.firstProperty);
        expect(f!.firstSeedProperties.filter((p) => m.caughtBy.includes(p)), `${d.name}/${m.name}`).not.toEqual([]);
      }
    }
  });

  it('are what quorate list prints, under the descriptor they were measured on', () => {
    let text = '';
    listCommand(false, SUBSYSTEMS, { stdout: { write: (s: string) => (text += s) }, stderr: { write: () => true } } as never);
    for (const d of SUBSYSTEMS) {
      const block = text.slice(text.indexOf(`  ${d.name} — `));
      for (const m of d.mutants) expect(block).toContain(`    mutant ${m.name}: ${m.description}\n      reach: ${m.reach}\n      caught by: ${m.caughtBy.join(', ')}\n      measured: ${describeFigure(MUTANT_FIGURES[d.name]?.[m.name])}`);
    }
    const json = catalogue(SUBSYSTEMS) as { subsystems: { name: string; mutants: { name: string; measured: unknown }[] }[] };
    for (const s of json.subsystems) for (const m of s.mutants) expect(m.measured).toEqual(MUTANT_FIGURES[s.name]?.[m.name]);
  });

  it('print the first failing seed and the rate, not figures typed into reach texts', () => {
    expect(describeFigure({ seeds: 400, firstSeed: 233, firstProperty: 'leader-completeness', firstSeedProperties: ['leader-completeness', 'refinement'], failing: 3, unknown: 0, firstFailures: {}, properties: {} }))
      .toBe('first caught at seed 233 by leader-completeness (that seed also fails refinement); 3 of seeds 1..400 fail (0.8 %)');
    for (const d of SUBSYSTEMS) for (const m of d.mutants) expect(m.reach).not.toMatch(/first caught at seed|of the first 400/i);
  });

  it("print the README's table: a row per mutant, a column per descriptor, 'not listed' where a descriptor leaves it out", () => {
    const rows = figuresTable(['raft', 'raft3']).split('\n');
    expect(rows[0]).toBe('| mutant | `raft` | `raft3` |');
    const raft = MUTANT_FIGURES['raft'] ?? {};
    expect(rows).toHaveLength(2 + Object.keys(raft).length);
    for (const m of Object.keys(raft)) {
      const listed = SUBSYSTEMS.find((d) => d.name === 'raft3')?.mutants.some((x) => x.name === m) === true;
      const row = rows.find((r) => r.startsWith(`| \`${m}\` | ${raft[m]?.firstSeed} · `));
      expect(row, m).toBeDefined();
      expect(row!.endsWith(' | not listed |'), m).toBe(!listed);
    }
  });
});
