import type { EventEnvelope, EventType, WorkflowOptions } from '@flowguard/contracts';
import { planResume } from './resume-plan';

const wfId = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
const tenantId = '7d3f0c1e-1a2b-4c3d-8e4f-5a6b7c8d9e0f';
const options: WorkflowOptions = { autoAnswer: false, maxTickets: 40, priorityDistribution: 'balanced' };
const workflow = { id: wfId, tenantId, goal: 'Add CSV export', options, correlationId: wfId };

let n = 0;
const event = (type: EventType, data: unknown = {}, causationId: string | null = null): EventEnvelope => ({
  id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  type,
  version: 1,
  tenantId,
  workflowId: wfId,
  correlationId: wfId,
  causationId,
  occurredAt: new Date(0).toISOString(),
  data,
});
const asked = (autoAnswer = false) => event('goal.analyzed', { questions: [{ id: 'Q1' }], autoAnswer });

describe('planResume: the trigger of the first unfinished phase', () => {
  it.each([
    ['nothing analysed yet', ['goal.submitted'], 'goal.submitted', 'submitted'],
    ['auto-answered, not clarified yet', ['goal.submitted', 'goal.analyzed*'], 'goal.submitted', 'submitted'],
    [
      'answered, not clarified',
      ['goal.submitted', 'goal.analyzed', 'answers.submitted'],
      'answers.submitted',
      'awaiting_answers',
    ],
    ['clarified, no spec', ['goal.submitted', 'goal.clarified'], 'goal.clarified', 'clarified'],
    ['spec, no tickets', ['goal.clarified', 'spec.created'], 'spec.created', 'spec_ready'],
  ] as const)('%s → %s', (_, types, trigger, status) => {
    const log = types.map((t) => (t === 'goal.analyzed*' ? asked(true) : t === 'goal.analyzed' ? asked() : event(t)));
    const plan = planResume(workflow, log);
    expect(plan).toMatchObject({ kind: 'republish', status, event: { type: trigger } });
    if (plan.kind !== 'republish') return;
    const original = [...log].reverse().find((e) => e.type === trigger)!;
    expect(plan.event).toEqual({
      ...original,
      id: expect.any(String),
      causationId: original.id,
      occurredAt: expect.any(String),
    });
    expect(plan.event.id).not.toBe(original.id);
  });

  it('tickets: re-published only when an agentType asks for a handoff; the newest ticket set wins', () => {
    const older = event('tickets.generated', { v: 1 });
    const newer = event('tickets.generated', { v: 2 });
    expect(planResume(workflow, [older, newer])).toMatchObject({ kind: 'nothing' });
    const withAgent = { ...workflow, options: { ...options, agentType: 'cursor' as const } };
    expect(planResume(withAgent, [older, newer])).toMatchObject({
      kind: 'republish',
      status: 'tickets_ready',
      phase: 'handoff',
      event: { type: 'tickets.generated', data: { v: 2 }, causationId: newer.id },
    });
    expect(planResume(withAgent, [older, newer, event('handoff.created')])).toMatchObject({ kind: 'nothing' });
  });

  it('awaiting answers: nothing to resume, naming the answers route', () => {
    expect(planResume(workflow, [event('goal.submitted'), asked()])).toEqual({
      kind: 'nothing',
      detail: expect.stringContaining(`POST /v1/workflows/${wfId}/answers`),
    });
  });

  it('a copy made by an earlier resume: causation still names the original', () => {
    const original = event('goal.clarified');
    const copy = { ...original, id: 'c0000000-0000-4000-8000-000000000001', causationId: original.id };
    const plan = planResume(workflow, [original, copy]);
    expect(plan).toMatchObject({ kind: 'republish', event: { causationId: original.id } });
  });

  it('no goal.submitted in the log: rebuilt from the row (goal + options), causation null', () => {
    const plan = planResume(workflow, []);
    expect(plan).toMatchObject({
      kind: 'republish',
      status: 'submitted',
      event: {
        type: 'goal.submitted',
        correlationId: wfId,
        causationId: null,
        data: { goal: 'Add CSV export', options },
      },
    });
  });
});
