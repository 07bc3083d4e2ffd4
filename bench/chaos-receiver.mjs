// The tenants' webhook endpoint for the chaos run: verifies nothing, records every request
// (webhook-id, the envelope's ids and type, the answer it gave) and answers 500 to a seeded
// share of them so the gateway's retries run too.
import { createServer } from 'node:http';

/** `/t/<n>` is tenant n's endpoint. */
export async function startReceiver({ rng, failRate }) {
  const records = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let body = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        // recorded with no ids: the checks count it as a bad delivery
      }
      const status = rng.next() < failRate ? 500 : 204;
      records.push({
        endpoint: Number(req.url.split('/')[2]),
        webhookId: req.headers['webhook-id'],
        eventId: body.id,
        type: body.type,
        workflowId: body.workflowId,
        tenantId: body.tenantId,
        status,
      });
      res.writeHead(status).end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    records,
    url: (tenant) => `http://127.0.0.1:${port}/t/${tenant}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
