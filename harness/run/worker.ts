/**
 * The worker-thread entry of the runner: receives tasks by message, looks the
 * subsystem up by name — among the user's modules it was started with
 * (`workerData.modules`, imported by path, as the main thread did), then in
 * the registry (descriptors hold functions, so they cannot be sent) — runs
 * the task and posts the result back. One of the two entry points allowed to
 * read the registry (the other is the CLI).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { findSubsystem } from '../subsystems/index.js';
import type { SubsystemDescriptor } from '../subsystems/descriptor.js';
import { executeTask, type Task } from './task.js';
import { loadDescriptorModule } from './user-module.js';

/** The messages a worker answers: `{ id, result }` or `{ id, error }`. */
export interface WorkerReply {
  readonly id: number;
  readonly result?: ReturnType<typeof executeTask>;
  readonly error?: string;
}

/** What a worker is started with: the absolute paths of user descriptor modules. */
export interface WorkerStart {
  readonly modules: readonly string[];
}

const port = parentPort;
if (port !== null) {
  const modules = ((workerData ?? {}) as Partial<WorkerStart>).modules ?? [];
  const loaded: Promise<SubsystemDescriptor[]> = Promise.all(modules.map(async (p) => (await loadDescriptorModule(p)).descriptor));
  const lookup = (own: readonly SubsystemDescriptor[], name: string): SubsystemDescriptor => {
    const d = own.find((x) => x.name === name) ?? findSubsystem(name);
    if (d === undefined) throw new Error(`unknown subsystem "${name}" in worker`);
    return d;
  };
  port.on('message', (msg: { id: number; task: Task }) => {
    loaded.then((own) => executeTask(msg.task, (name) => lookup(own, name))).then(
      (result) => port.postMessage({ id: msg.id, result } satisfies WorkerReply),
      (e: unknown) => port.postMessage({ id: msg.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies WorkerReply),
    );
  });
}
