/**
 * What the driver says about a node's behaviour, with the node, the stdout
 * line and the shape it expected. The kind decides the exit code: a node
 * that does not speak the protocol makes the test unusable (`protocol`,
 * exit 2, like bad input); a node that crashes on its own or answers a
 * client with a malformed reply is a finding about the node (`finding`,
 * exit 1); the rest (`warning`) is printed and does not change the verdict.
 */

/** How much a diagnostic weighs. */
export type DiagnosticKind = 'protocol' | 'finding' | 'warning';

/** One thing the driver noticed about a node. */
export interface Diagnostic {
  readonly kind: DiagnosticKind;
  /** The node concerned (`n0`..), or `--bin` for the command itself. */
  readonly node: string;
  /** The node's stdout line (1-based, per start of the process), when one line is to blame. */
  readonly line?: number;
  /** What happened, one sentence. */
  readonly message: string;
  /** The shape the driver expected, when there is one. */
  readonly expected?: string;
  /** The last lines of the node's stderr, when they may explain it. */
  readonly stderrTail?: string;
}

/** The diagnostic as one line (plus its stderr tail, indented, when present). */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line === undefined ? d.node : `${d.node} stdout line ${d.line}`;
  let s = `${where}: ${d.message}${d.expected !== undefined ? `; expected ${d.expected}` : ''}`;
  const tail = d.stderrTail?.trimEnd();
  if (tail !== undefined && tail !== '') s += `\n  its stderr ends:\n${lastLines(tail, 10).replace(/^/gm, '    ')}`;
  return s;
}

/** The last `n` lines of `text`, each cut to 200 characters. */
export function lastLines(text: string, n: number): string {
  return text
    .split('\n')
    .slice(-n)
    .map((l) => (l.length > 200 ? `${l.slice(0, 200)}...` : l))
    .join('\n');
}
