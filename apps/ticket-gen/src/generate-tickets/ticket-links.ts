/** A task as the link rules see it, in creation (key) order. */
export interface LinkNode {
  key: string;
  role: 'work' | 'test' | 'docs';
  issueIdx: number;
  files: string[];
  /** A test task that verifies the whole epic rather than its own issue. */
  epicWide?: boolean;
}

/**
 * blockedBy for tasks. Every link points from a task to one created before it, so the graph
 * is a DAG by construction (no cycle can close, no self-link), and only real keys are used.
 *
 * - a task waits for the latest earlier task that touches each of its files, so no two tasks
 *   that could run in parallel edit the same file;
 * - with phased issues, a work task that shares no file with the previous phase still waits
 *   for that phase's last task (its test task while tests are per issue): phase N+1 builds
 *   on phase N. Component issues of a single phase run in parallel instead;
 * - a test task waits for the work tasks it verifies (its issue's, or all for an epic test);
 * - the documentation task waits for the test tasks (or every issue's last task without them).
 */
export function linkTasks(nodes: LinkNode[], phased: boolean): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const lastToucher = new Map<string, LinkNode>();
  const lastOfIssue = new Map<number, LinkNode>();
  const done: LinkNode[] = [];

  for (const node of nodes) {
    const blockers = new Set<LinkNode>();
    for (const file of node.files) {
      const prev = lastToucher.get(file);
      if (prev) blockers.add(prev);
    }
    if (node.role === 'work' && phased && node.issueIdx > 0) {
      const fromPrevious = [...blockers].some((b) => b.issueIdx === node.issueIdx - 1);
      const gate = lastOfIssue.get(node.issueIdx - 1);
      if (!fromPrevious && gate) blockers.add(gate);
    }
    if (node.role === 'test') {
      for (const n of done) if (n.role === 'work' && (node.epicWide || n.issueIdx === node.issueIdx)) blockers.add(n);
    }
    if (node.role === 'docs') {
      const tests = done.filter((n) => n.role === 'test');
      for (const n of tests.length > 0 ? tests : [...lastOfIssue.values()]) blockers.add(n);
    }
    blockers.delete(node);
    out.set(
      node.key,
      done.filter((n) => blockers.has(n)).map((n) => n.key),
    );
    for (const file of node.files) lastToucher.set(file, node);
    lastOfIssue.set(node.issueIdx, node);
    done.push(node);
  }
  return out;
}
