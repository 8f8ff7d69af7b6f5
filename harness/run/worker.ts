/**
 * The worker-thread entry of the runner: receives tasks by message, looks the
 * subsystem up by name in the registry (descriptors hold functions, so they
 * cannot be sent), runs the task and posts the result back. One of the two
 * entry points allowed to read the registry (the other is the CLI).
 */
import { parentPort } from 'node:worker_threads';
import { findSubsystem } from '../subsystems/index.js';
import { executeTask, type Task } from './task.js';

/** The messages a worker answers: `{ id, result }` or `{ id, error }`. */
export interface WorkerReply {
  readonly id: number;
  readonly result?: ReturnType<typeof executeTask>;
  readonly error?: string;
}

const port = parentPort;
if (port !== null) {
  port.on('message', (msg: { id: number; task: Task }) => {
    try {
      const result = executeTask(msg.task, (name) => {
        const d = findSubsystem(name);
        if (d === undefined) throw new Error(`unknown subsystem "${name}" in worker`);
        return d;
      });
      port.postMessage({ id: msg.id, result } satisfies WorkerReply);
    } catch (e) {
      port.postMessage({ id: msg.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies WorkerReply);
    }
  });
}
