/**
 * `--subsystem PATH` for `run` and `replay`: a value that names a module file
 * (DESIGN.md, "Command line") loads the user's descriptor, which then stands
 * alone as the registry of that command; worker threads import the same file.
 */
import { existsSync } from 'node:fs';
import { InputError } from '../../traces/errors.js';
import type { SubsystemDescriptor } from '../subsystems/descriptor.js';
import type { ModuleOrigin } from '../run/module-origin.js';
import { readTraceFile } from '../run/trace-file.js';
import { checkNotBuiltIn, fileSha256, isModulePath, loadDescriptorModule } from '../run/user-module.js';

/** The subsystems a command chooses from, the `--subsystem` value naming one of them, and the module files workers import. */
export interface SubsystemChoice {
  readonly registry: readonly SubsystemDescriptor[];
  readonly subsystem: string | undefined;
  readonly modules: readonly string[];
}

/** Resolves `--subsystem`: a module path loads it (exit 2 when it cannot), anything else picks from `registry`. */
export async function chooseSubsystem(given: string | undefined, registry: readonly SubsystemDescriptor[]): Promise<SubsystemChoice> {
  if (given === undefined || !isModulePath(given)) return { registry, subsystem: given, modules: [] };
  const { descriptor, origin } = await loadDescriptorModule(given);
  checkNotBuiltIn(descriptor, given, registry);
  return { registry: [descriptor], subsystem: descriptor.name, modules: [origin.path] };
}

/**
 * The subsystems `quorate replay` chooses from. A trace whose header names a module (a run of a
 * user's descriptor) loads that file again — nothing else is needed — and `notes` says when its
 * content changed since the trace was recorded; `--subsystem PATH` (seed mode) loads the file named.
 */
export async function chooseReplaySubsystem(
  file: string | undefined,
  given: string | undefined,
  registry: readonly SubsystemDescriptor[],
): Promise<SubsystemChoice & { readonly notes: readonly string[] }> {
  if (file === undefined) return { ...(await chooseSubsystem(given, registry)), notes: [] };
  const recorded = readTraceFile(file);
  const origin = (recorded.header as { module?: unknown }).module;
  if (origin === undefined) return { registry, subsystem: given, modules: [], notes: [] };
  if (typeof origin !== 'object' || origin === null || typeof (origin as ModuleOrigin).path !== 'string' || typeof (origin as ModuleOrigin).sha256 !== 'string') {
    throw new InputError({ file, line: 1 }, '"module" in the trace header must be { path, sha256 }', 'not-replayable');
  }
  const { path, sha256 } = origin as ModuleOrigin;
  if (!existsSync(path)) throw new InputError({ file, line: 1 }, `the trace was recorded from the module ${path}, which no longer exists`, 'unreadable');
  const { descriptor } = await loadDescriptorModule(path);
  checkNotBuiltIn(descriptor, path, registry);
  const now = fileSha256(path);
  const notes = now === sha256 ? [] : [`note: ${path} changed since the trace was recorded (sha256 ${sha256.slice(0, 12)}… then, ${now.slice(0, 12)}… now): replaying the module as it is now`];
  return { registry: [descriptor], subsystem: given, modules: [path], notes };
}
