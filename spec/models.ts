/**
 * The built-in sequential models, by name, and inference of the model from a
 * history's operation names.
 */
import type { Model } from './model.js';
import { registerModel } from './register.js';
import { kvModel } from './kv.js';

/** Models selectable with `--model`. */
export const MODELS: Readonly<Record<string, Model>> = {
  register: registerModel as Model,
  kv: kvModel as Model,
};

/**
 * The model whose operations cover every name in `fs`, or a reason why none
 * or more than one does.
 */
export function inferModel(fs: Iterable<string>): { model: Model } | { error: string } {
  const names = [...new Set(fs)];
  const fits = Object.values(MODELS).filter((m) => names.every((f) => m.operations.includes(f)));
  if (fits.length === 1 && fits[0]) return { model: fits[0] };
  if (fits.length === 0) {
    return { error: `cannot infer the model from operations ${names.map((n) => `"${n}"`).join(', ')}: expected register (read|write|cas) or kv (get|put|append); pass --model` };
  }
  return { error: `operations ${names.join(', ')} fit several models (${fits.map((m) => m.name).join(', ')}); pass --model` };
}
