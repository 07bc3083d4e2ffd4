import { parseEventStream, type StreamEvent } from './sse';

const stream = (chunks: string[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(new TextEncoder().encode(c));
      controller.close();
    },
  });

describe('parseEventStream', () => {
  it('parses ids, types and envelopes across chunk boundaries and skips comments', async () => {
    const a = JSON.stringify({ type: 'goal.submitted', data: { goal: 'x' } });
    const b = JSON.stringify({ type: 'goal.analyzed', data: {} });
    const events: StreamEvent[] = [];
    for await (const ev of parseEventStream(
      stream([
        `: heartbeat\n\nid: 1\nevent: goal.submitted\ndata: ${a.slice(0, 10)}`,
        `${a.slice(10)}\n\r\n`,
        `id: 2\r\ndata: ${b}\n\n`,
      ]),
    )) {
      events.push(ev);
    }
    expect(events.map((e) => [e.id, e.event, e.envelope.type])).toEqual([
      ['1', 'goal.submitted', 'goal.submitted'],
      ['2', 'goal.analyzed', 'goal.analyzed'],
    ]);
  });
});
