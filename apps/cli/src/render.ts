import type {
  TicketNode,
  TicketsResponse,
  UsageResponse,
  ValidationReport,
  WorkflowResponse,
} from '@flowguard/contracts';

/** Left-aligned columns, two spaces apart; the last column is never padded. */
export function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const TICKET_HEADER = ['KEY', 'LEVEL', 'PRI', 'EFFORT', 'BLOCKED BY', 'TITLE'];

/** At most four keys, then a count, so one busy task does not widen the whole table. */
const blockers = (keys: string[]) =>
  keys.length === 0 ? '-' : keys.length <= 4 ? keys.join(',') : `${keys.slice(0, 3).join(',')} +${keys.length - 3}`;

const ticketRow = (t: TicketNode, indent: string) => [
  `${indent}${t.key}`,
  t.level,
  t.priority,
  t.estimatedEffort,
  blockers(t.blockedBy),
  t.title,
];

/** The ticket plan: epics → issues → tasks indented (tree view), or one row per ticket (flat). */
export function renderTickets(res: TicketsResponse): string {
  const rows = [TICKET_HEADER];
  const walk = (nodes: TicketNode[], depth: number) => {
    for (const t of nodes) {
      rows.push(ticketRow(t, '  '.repeat(depth)));
      if (t.children?.length) walk(t.children, depth + 1);
    }
  };
  walk(res.tickets, 0);
  const counts = new Map<string, number>();
  const count = (nodes: TicketNode[]) =>
    nodes.forEach((t) => {
      counts.set(t.level, (counts.get(t.level) ?? 0) + 1);
      if (t.children) count(t.children);
    });
  count(res.tickets);
  const byLevel = ['epic', 'issue', 'task']
    .filter((l) => counts.has(l))
    .map((l) => `${counts.get(l)} ${l}${counts.get(l) === 1 ? '' : 's'}`)
    .join(', ');
  return `${table(rows)}\n\n${res.total} tickets (${byLevel}), plan version ${res.version}`;
}

/** Valid or not, counts, then the findings (errors first, at most `limit`), coverage and conflicts. */
export function renderValidation(report: ValidationReport, limit = 10): string {
  const lines = [
    `validation: ${report.valid ? 'valid' : 'INVALID'} — ${report.errors} error${report.errors === 1 ? '' : 's'}, ` +
      `${report.warnings} warning${report.warnings === 1 ? '' : 's'}`,
  ];
  const findings = [...report.findings].sort((a, b) =>
    a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1,
  );
  for (const f of findings.slice(0, limit)) {
    lines.push(`  ${f.severity.padEnd(7)} ${f.rule}${f.ticketKey ? ` ${f.ticketKey}` : ''}: ${f.message}`);
  }
  if (findings.length > limit) lines.push(`  … ${findings.length - limit} more`);
  if (report.traceability.length) {
    const covered = report.traceability.filter((t) => t.ticketKeys.length > 0).length;
    lines.push(`  requirements covered: ${covered}/${report.traceability.length}`);
  }
  if (report.fileConflicts.length)
    lines.push(`  file conflicts between parallel tasks: ${report.fileConflicts.length}`);
  const { cycles, danglingLinks, orphans } = report.dag;
  if (cycles.length || danglingLinks.length || orphans.length) {
    lines.push(
      `  dependency graph: ${cycles.length} cycles, ${danglingLinks.length} dangling links, ${orphans.length} orphans`,
    );
  }
  return lines.join('\n');
}

/** Token usage per service and purpose, and the total. */
export function renderUsage(usage: UsageResponse): string {
  const { totals } = usage;
  const head = `token usage: ${totals.totalTokens} tokens (${totals.promptTokens} prompt, ${totals.completionTokens} completion) in ${totals.calls} call${totals.calls === 1 ? '' : 's'}`;
  if (!usage.rows.length) return head;
  const rows = [
    ['SERVICE', 'PURPOSE', 'PROVIDER/MODEL', 'CALLS', 'TOKENS'],
    ...usage.rows.map((r) => [
      r.service,
      r.purpose,
      `${r.provider}/${r.model}`,
      String(r.calls),
      String(r.totalTokens),
    ]),
  ];
  return `${head}\n${table(rows)
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n')}`;
}

const firstLine = (text: string, max = 72) => {
  const line = text.trim().split(/\r?\n/)[0] ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

/** One workflow, field per line. */
export function renderWorkflow(w: WorkflowResponse): string {
  const a = w.artifacts;
  const artifacts = [
    a.specId && `spec ${a.specId}`,
    a.ticketSetId && `tickets ${a.ticketSetId}`,
    a.handoffId && `handoff ${a.handoffId}`,
    a.executionId && `execution ${a.executionId} (${a.executionStatus ?? 'unknown'})`,
  ].filter(Boolean);
  const rows: [string, string][] = [
    ['workflow', w.id],
    ['status', `${w.status} (${w.progress}%), phase ${w.phase}`],
    ['goal', firstLine(w.goal)],
    ['complexity', w.complexity ?? '-'],
    ['agent', w.options.agentType ?? '-'],
    ['questions', w.questions.length ? w.questions.map((q) => q.id).join(', ') : '-'],
    ['artifacts', artifacts.length ? artifacts.join(', ') : '-'],
    [
      'validation',
      w.validation
        ? `${w.validation.valid ? 'valid' : 'INVALID'}, ${w.validation.errors} errors, ${w.validation.warnings} warnings`
        : '-',
    ],
    ['created', w.createdAt],
    ['updated', w.updatedAt],
  ];
  for (const e of w.errors) rows.push(['error', `${e.phase}: ${e.reason} (${e.attempts} attempts)`]);
  if (w.status === 'awaiting_answers' && w.questions.length) {
    rows.push(['next', `flowguard answer ${w.id}`]);
  }
  return table(rows);
}

/** One row per workflow. */
export function renderWorkflowList(items: WorkflowResponse[]): string {
  if (!items.length) return 'no workflows';
  return table([
    ['ID', 'STATUS', 'PROGRESS', 'CREATED', 'GOAL'],
    ...items.map((w) => [
      w.id,
      w.status,
      `${w.progress}%`,
      w.createdAt.slice(0, 19).replace('T', ' '),
      firstLine(w.goal, 60),
    ]),
  ]);
}
