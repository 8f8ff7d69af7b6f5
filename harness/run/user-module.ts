/**
 * Loading a user's own module named on the command line — a subsystem
 * descriptor for `quorate run --subsystem PATH`, a sequential model for
 * `quorate check --model PATH` — TypeScript through tsx's ESM API, JavaScript
 * as it is. The default export is checked for the expected shape at this edge
 * (a wrong one is one line and exit 2), and its origin (path, SHA-256) is
 * remembered for the trace header. Worker threads load the same file by path.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError, UsageError } from '../../traces/errors.js';
import type { Model } from '../../spec/model.js';
import type { SubsystemDescriptor } from '../subsystems/descriptor.js';
import { descriptorShapeError, modelShapeError, DESCRIPTOR_SHAPE, MODEL_SHAPE } from './module-shape.js';
import { setModuleOrigin, type ModuleOrigin } from './module-origin.js';
import { dynamicImport } from './dynamic-import.js';

/** Whether a `--subsystem` / `--model` value names a module file rather than a built-in (DESIGN.md, "Command line"). */
export function isModulePath(s: string): boolean {
  return /^(\.{1,2}\/|\/)/.test(s) || /\.(ts|mts|cts|js|mjs|cjs)$/.test(s);
}

/** The SHA-256 (hex) of a file's bytes. */
export function fileSha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Imports the module at absolute `path`: `.ts`/`.mts`/`.cts` through tsx (scoped to this import), else natively. */
async function importModule(path: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(path).href;
  if (/\.[mc]?ts$/.test(path)) {
    const { tsImport } = (await dynamicImport('tsx/esm/api')) as typeof import('tsx/esm/api');
    return (await tsImport(url, import.meta.url)) as Record<string, unknown>;
  }
  return await dynamicImport(url);
}

/** A module file's default export, loaded and shape-checked; `expected` names the shape in error messages. */
async function loadDefault(given: string, expected: string, shapeError: (v: unknown) => string | undefined): Promise<{ value: object; origin: ModuleOrigin }> {
  const path = resolve(given);
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new InputError({ file: given }, `no such file (expected a .ts or .js module whose default export is ${expected})`, 'unreadable');
  }
  if (!isFile) throw new InputError({ file: given }, `not a file (expected a .ts or .js module whose default export is ${expected})`, 'unreadable');
  const sha256 = fileSha256(path);
  let mod: Record<string, unknown>;
  try {
    mod = await importModule(path);
  } catch (e) {
    const msg = (e instanceof Error ? e.message : String(e)).split('\n').find((l) => l.trim() !== '') ?? 'unknown error';
    throw new InputError({ file: given }, `cannot load the module: ${msg.trim()}`, 'bad-module');
  }
  // A CommonJS module's `module.exports = x` arrives as `default`; an ESM `export default x` too. A .ts file
  // outside any `"type": "module"` package is compiled to CommonJS, and its `export default x` arrives as
  // `default.default`.
  let value = mod['default'];
  const wrapped = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  if (wrapped?.['default'] !== undefined && (wrapped['__esModule'] === true || shapeError(wrapped['default']) === undefined)) value = wrapped['default'];
  const wrong = value === undefined ? 'it has no default export' : shapeError(value);
  if (wrong !== undefined) throw new InputError({ file: given }, `the default export must be ${expected}: ${wrong}`, 'bad-module');
  const origin = { path, sha256 };
  setModuleOrigin(value as object, origin);
  return { value: value as object, origin };
}

/** Loads a user's subsystem descriptor module (exit 2 with one line when it is missing or misshapen). */
export async function loadDescriptorModule(given: string): Promise<{ readonly descriptor: SubsystemDescriptor; readonly origin: ModuleOrigin }> {
  const { value, origin } = await loadDefault(given, DESCRIPTOR_SHAPE, descriptorShapeError);
  return { descriptor: value as SubsystemDescriptor, origin };
}

/** Loads a user's model module (exit 2 with one line when it is missing or misshapen). */
export async function loadModelModule(given: string): Promise<{ readonly model: Model; readonly origin: ModuleOrigin }> {
  const { value, origin } = await loadDefault(given, MODEL_SHAPE, modelShapeError);
  return { model: value as Model, origin };
}

/** Refuses a user's descriptor that takes a built-in's name (traces and tasks name subsystems). */
export function checkNotBuiltIn(d: SubsystemDescriptor, given: string, builtIns: readonly SubsystemDescriptor[]): void {
  if (builtIns.some((b) => b.name === d.name)) {
    throw new UsageError(`${given}: the descriptor's name "${d.name}" is a built-in subsystem's; choose another name`);
  }
}
