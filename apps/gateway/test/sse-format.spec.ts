import { buildOpenApiDocument } from '../src/openapi/openapi-document';
import { SSE_ROUTES } from '../src/sse/sse.routes';
import { finishesWorkflow, formatEvent } from '../src/sse/sse-format';

describe('SSE format and terminal events', () => {
  it('formats one message: id, event, data on one line, blank line', () => {
    const text = formatEvent({ seq: '42', type: 'goal.analyzed', envelope: { id: 'e1', data: { text: 'a\nb' } } });
    expect(text).toBe('id: 42\nevent: goal.analyzed\ndata: {"id":"e1","data":{"text":"a\\nb"}}\n\n');
  });

  it('ends a workflow stream where the projection finishes the workflow', () => {
    expect(finishesWorkflow('workflow.failed', true)).toBe(true);
    expect(finishesWorkflow('workflow.cancelled', false)).toBe(true);
    expect(finishesWorkflow('handoff.created', true)).toBe(true);
    expect(finishesWorkflow('tickets.generated', false)).toBe(true);
    expect(finishesWorkflow('tickets.generated', true)).toBe(false);
    expect(finishesWorkflow('execution.updated', true)).toBe(false);
    expect(finishesWorkflow('goal.analyzed', false)).toBe(false);
  });
});

describe('SSE OpenAPI entries', () => {
  it('build into the document with the event-stream response and resume parameters', () => {
    const doc = buildOpenApiDocument({ routes: SSE_ROUTES }) as unknown as {
      paths: Record<
        string,
        { get: { parameters: { name: string; in: string }[]; responses: Record<string, unknown> } }
      >;
    };
    const op = doc.paths['/v1/workflows/{id}/events'].get;
    expect(op.parameters.map((p) => `${p.in}:${p.name}`).sort()).toEqual(
      ['header:last-event-id', 'path:id', 'query:follow', 'query:lastEventId'].sort(),
    );
    expect(JSON.stringify(op.responses['200'])).toContain('text/event-stream');
    // The tenant stream needs a key: its 401 is documented as a problem+json.
    expect(JSON.stringify(doc.paths['/v1/events'].get.responses['401'])).toContain('application/problem+json');
  });
});
