import { TicketsOutput } from '@flowguard/contracts';
import { ticketsInputFor } from '../../test/fixtures/specs';
import { generateTicketsOffline } from './offline-tickets';
import { ticketsPromptV1 } from './tickets.v1.prompt';

describe('ticketsPromptV1', () => {
  const input = ticketsInputFor('team-billing', { maxTickets: 25, priorityDistribution: 'critical-first' });

  it('is the versioned tickets prompt with the TicketsOutput schema', () => {
    expect(ticketsPromptV1).toMatchObject({ id: 'tickets', version: 1, purpose: 'tickets' });
    expect(ticketsPromptV1.outputSchema).toBe(TicketsOutput);
  });

  it('builds a system message with the rules and a user message with the spec and options', () => {
    const messages = ticketsPromptV1.build(input);
    expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
    const [system, user] = messages.map((m) => m.content) as [string, string];
    expect(system).toContain('At most 25 tickets');
    expect(system).toContain('FG-1, FG-2');
    expect(system).toContain(`spec:${input.specId}`);
    expect(system).toMatch(/critical-first: MUST requirements of the first phase with a MUST are P0/);
    expect(system).toMatch(/DAG/);
    expect(user).toContain('Team billing with Stripe subscriptions');
    expect(user).toContain('"maxTickets":25');
    const payload = JSON.parse(user.slice(user.indexOf('{'))) as { spec: unknown; keyPrefix: string };
    expect(payload.spec).toEqual(input.spec);
    expect(payload.keyPrefix).toBe('FG');
  });

  it('states the balanced rule when asked for a balanced plan', () => {
    const [system] = ticketsPromptV1.build({ ...input, priorityDistribution: 'balanced' });
    expect(system?.content).toContain('never use P0');
  });

  it('accepts the offline planner output with its schema', () => {
    expect(ticketsPromptV1.outputSchema.safeParse(generateTicketsOffline(input)).success).toBe(true);
  });
});
