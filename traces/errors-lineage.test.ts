import { describe, expect, it } from 'vitest';
import { BudgetError, InputError, QuorateError, UsageError } from './errors.js';
import { UnknownChoiceError } from '../harness/run/run-options-check.js';

// A second copy of the error classes, as a user's module that imports the library's own files sees them
// while the CLI runs from its bundle: evaluated again from this module's source, so no class is shared.
async function secondCopy(): Promise<typeof import('./errors.js')> {
  const src = await import('node:fs').then((fs) => fs.readFileSync(new URL('./errors.ts', import.meta.url), 'utf8'));
  const { transform } = await import('esbuild');
  const js = (await transform(src, { loader: 'ts', format: 'esm' })).code;
  return (await import(`data:text/javascript,${encodeURIComponent(js)}`)) as typeof import('./errors.js');
}

describe('error lineage', () => {
  it('instanceof follows the class chain', () => {
    const e = new InputError({ file: 'f', line: 3 }, 'bad');
    expect(e instanceof InputError).toBe(true);
    expect(e instanceof QuorateError).toBe(true);
    expect(e instanceof Error).toBe(true);
    expect(e instanceof UsageError).toBe(false);
    expect(e instanceof BudgetError).toBe(false);
    expect(new Error('x') instanceof QuorateError).toBe(false);
    expect(null instanceof QuorateError).toBe(false);
    const u = new UnknownChoiceError('unknown-mutant', 'm', 'x', ['a']);
    expect(u instanceof UnknownChoiceError && u instanceof QuorateError).toBe(true);
    expect(new InputError({ file: 'f' }, 'x') instanceof UnknownChoiceError).toBe(false);
  });

  it('a user subclass without its own lineage name is matched by its class name', () => {
    class MyError extends InputError {}
    class Other extends InputError {}
    const e = new MyError({ file: 'f' }, 'x');
    expect(e instanceof MyError && e instanceof InputError && e instanceof QuorateError).toBe(true);
    expect(e instanceof Other).toBe(false);
  });

  it('an error from another copy of the module is recognized, and not as a sibling class', async () => {
    const other = await secondCopy();
    expect(other.InputError).not.toBe(InputError);
    const e = new other.InputError({ file: 'f' }, 'bad');
    expect(e instanceof QuorateError).toBe(true);
    expect(e instanceof InputError).toBe(true);
    expect(e instanceof BudgetError).toBe(false);
    expect(new other.BudgetError('b') instanceof BudgetError).toBe(true);
    expect(new BudgetError('b') instanceof other.QuorateError).toBe(true);
    expect(new other.UsageError('u') instanceof InputError).toBe(false);
  });
});
