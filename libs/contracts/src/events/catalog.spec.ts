import fs from 'node:fs';
import path from 'node:path';
import { jobId } from '../jobs/jobs';
import { CATALOG_BEGIN, CATALOG_END, renderEventCatalog } from './catalog-doc';
import { EVENT_CATALOG, EVENT_TYPES, SERVICES } from './catalog';
import { EventEnvelope } from './envelope';

describe('event catalog', () => {
  it('holds the whole required catalog, with the design card names kept', () => {
    expect(EVENT_TYPES).toEqual(
      expect.arrayContaining([
        'goal.submitted',
        'goal.analyzed',
        'answers.submitted',
        'goal.clarified',
        'spec.created',
        'tickets.generated',
        'handoff.created',
        'execution.updated',
        'workflow.cancelled',
        'workflow.failed',
      ]),
    );
  });

  it('names only known services as producers and consumers, and every event has both', () => {
    for (const type of EVENT_TYPES) {
      const def = EVENT_CATALOG[type];
      expect(def.producers.length).toBeGreaterThan(0);
      expect(def.consumers.length).toBeGreaterThan(0);
      for (const s of [...def.producers, ...def.consumers]) expect(SERVICES).toContain(s);
    }
  });

  it('docs/events.md embeds exactly the generated catalog (run `npm run docs:events` after a change)', () => {
    const doc = fs.readFileSync(path.resolve(__dirname, '../../../../docs/events.md'), 'utf8');
    const block = doc.slice(doc.indexOf(CATALOG_BEGIN), doc.indexOf(CATALOG_END) + CATALOG_END.length);
    expect(block).toBe(renderEventCatalog());
  });

  it('rejects an envelope that misses its tenant or has a malformed id, naming the field', () => {
    const result = EventEnvelope.safeParse({
      id: 'x',
      type: 'goal.submitted',
      version: 1,
      workflowId: '6f1c2f7e-8a8e-4a43-9a8b-2f1f1f1f1f1f',
      correlationId: 'c',
      causationId: null,
      occurredAt: new Date().toISOString(),
      data: {},
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['id', 'tenantId']);
  });

  it('validates payloads: a goal.submitted with an empty goal fails on data.goal', () => {
    const parsed = EVENT_CATALOG['goal.submitted'].schema.safeParse({ goal: '', options: {} });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0].path).toEqual(['goal']);
    const ok = EVENT_CATALOG['goal.submitted'].schema.parse({ goal: 'Add SSO', options: {} });
    expect(ok.options).toEqual({ autoAnswer: false, maxTickets: 40, priorityDistribution: 'balanced' });
  });
});

describe('jobId', () => {
  it('is tenant:workflow:step and refuses parts that would break the shape', () => {
    expect(jobId('t', 'w', 'spec')).toBe('t:w:spec');
    expect(() => jobId('t:x', 'w', 'spec')).toThrow(/tenantId/);
    expect(() => jobId('t', '', 'spec')).toThrow(/workflowId/);
  });
});
