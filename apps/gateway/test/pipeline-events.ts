import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Spec, TicketSet, ValidationReport, WorkflowOptions } from '@flowguard/contracts';
import { createEvent, type EventOrigin } from '@flowguard/messaging';

/**
 * The events the planning services would publish for one workflow, built from the offline
 * planner's csv-export plan captured for the handoff tests (apps may not import other apps;
 * the JSON is only read).
 */
const plan = JSON.parse(
  fs.readFileSync(path.join(__dirname, '../../handoff/test/fixtures/plan-csv-export.json'), 'utf8'),
) as { spec: Spec; specMarkdown: string; ticketSet: TicketSet; ticketMarkdown: Record<string, string> };

const noFindings: ValidationReport = {
  schemaVersion: 1,
  valid: true,
  errors: 0,
  warnings: 0,
  findings: [],
  traceability: [],
  fileConflicts: [],
  dag: { cycles: [], danglingLinks: [], orphans: [] },
};

const restated = { goal: 'g', scope: 's', context: 'c' };

export const pipeline = (origin: EventOrigin) => ({
  analyzed: (opts: { questions: boolean; autoAnswer: boolean }) =>
    createEvent('goal.analyzed', origin, {
      restated,
      complexity: 'medium',
      conflictRisk: { level: 'low', reasons: [] },
      questions: opts.questions
        ? [{ id: 'Q1', text: 'Who pays?', whyItMatters: 'billing', defaultAnswer: 'the owner', choices: [] }]
        : [],
      autoAnswer: opts.autoAnswer,
    }),
  clarified: (goal: string, options: WorkflowOptions) =>
    createEvent('goal.clarified', origin, {
      goal,
      options,
      restated,
      complexity: 'medium',
      answers: [],
      assumptions: [],
    }),
  specCreated: (options: WorkflowOptions) =>
    createEvent('spec.created', origin, {
      spec: { ...plan.spec, id: randomUUID(), tenantId: origin.tenantId, workflowId: origin.workflowId },
      complexity: 'medium',
      options,
      markdown: plan.specMarkdown,
    }),
  ticketsGenerated: () =>
    createEvent('tickets.generated', origin, {
      ticketSet: { ...plan.ticketSet, id: randomUUID(), tenantId: origin.tenantId, workflowId: origin.workflowId },
      validation: noFindings,
      ticketMarkdown: plan.ticketMarkdown,
    }),
  handoffCreated: () =>
    createEvent('handoff.created', origin, {
      handoffId: randomUUID(),
      executionId: randomUUID(),
      agentType: 'cursor',
      metadata: { words: 100, readingMinutes: 1, specCount: 1, ticketCount: 3, totalEffortHours: 8, approxTokens: 140 },
    }),
  failed: (phase: 'clarification' | 'spec' | 'tickets' | 'handoff') =>
    createEvent('workflow.failed', origin, { phase, reason: 'llm_unavailable: upstream 503', attempts: 5 }),
});
