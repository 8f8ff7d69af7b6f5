/**
 * The floor under the process driver's routing, for the `driver-routing`
 * bench group: the same node processes, initialized the same way, fed the
 * same broadcast/read mix at the same rate, but every line a node writes to
 * another node is handed to that node's stdin after one JSON.parse — no
 * network model, journal, RPC table or checks. Its CPU per message is what
 * relaying between pipes in Node costs at least.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

/** What the floor relayed. */
export interface FloorResult {
  /** Node-to-node messages relayed. */
  readonly interNode: number;
  /** This process's CPU time while relaying, ms. */
  readonly cpuMs: number;
  readonly wallMs: number;
}

/** Runs `argv` as `nodes` processes with a total topology for `ms`, `rate` client requests per second. */
export async function relayFloor(argv: readonly string[], nodes: readonly string[], ms: number, rate: number): Promise<FloorResult> {
  const procs = new Map<string, ChildProcessWithoutNullStreams>();
  let interNode = 0;
  let stopped = false;
  let pendingInit = nodes.length * 2;
  let ready!: () => void;
  const started = new Promise<void>((r) => (ready = r));
  for (const id of nodes) {
    const p = spawn(argv[0] as string, argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    p.stderr.resume();
    p.stdin.on('error', () => {}); // a node killed at the end: lines still in flight to it are dropped
    procs.set(id, p);
    createInterface({ input: p.stdout }).on('line', (line) => {
      const m = JSON.parse(line) as { dest: string; body: { type: string } };
      const to = procs.get(m.dest);
      if (stopped) return;
      if (to !== undefined) {
        interNode++;
        to.stdin.write(`${line}\n`);
      } else if (m.body.type === 'init_ok' || m.body.type === 'topology_ok') {
        if (--pendingInit === 0) ready();
      }
    });
  }
  const send = (dest: string, body: object) => procs.get(dest)?.stdin.write(`${JSON.stringify({ src: 'c0', dest, body })}\n`);
  let msgId = 0;
  for (const id of nodes) {
    send(id, { type: 'init', msg_id: ++msgId, node_id: id, node_ids: nodes });
    send(id, { type: 'topology', msg_id: ++msgId, topology: Object.fromEntries(nodes.map((n) => [n, nodes.filter((x) => x !== n)])) });
  }
  await started;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let due = 0;
  let k = 0;
  await new Promise<void>((done) => {
    const timer = setInterval(() => {
      const elapsed = performance.now() - t0;
      if (elapsed >= ms) {
        clearInterval(timer);
        done();
        return;
      }
      for (; due < (elapsed * rate) / 1000; due++, k++) {
        send(nodes[k % nodes.length] as string, k % 2 === 0 ? { type: 'broadcast', message: k, msg_id: ++msgId } : { type: 'read', msg_id: ++msgId });
      }
    }, 1);
  });
  const cpu = process.cpuUsage(cpu0);
  const wallMs = performance.now() - t0;
  stopped = true;
  for (const p of procs.values()) p.kill('SIGKILL');
  return { interNode, cpuMs: (cpu.user + cpu.system) / 1000, wallMs };
}
