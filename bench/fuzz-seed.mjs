// Real state for bench/fuzz.mjs, so fuzzed ids sometimes hit real rows: tenant A's workflows
// (planned to tickets, one with a handoff, one awaiting answers), webhooks to a local
// receiver with deliveries, handoff templates, a handoff; one workflow of tenant B.
import { createServer } from 'node:http';
import { waitFor } from './load-helpers.mjs';

/** A local webhook endpoint answering 204 to everything (the only URL fuzzed webhooks may name). */
export async function startReceiver() {
  let received = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(204).end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/hooks/fuzz`,
    received: () => received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const PRD = (n) => `# Saved searches (${n})

Users of the reporting dashboard want to save a search and get back to it later.

## Requirements
- Users must be able to save the current filters of a report as a named search.
- Users must be able to list, rename and delete their saved searches.
- Saved searches must be private to the user who created them.
`;

/** The pools of real ids (see POOLS in fuzz-values.mjs). */
export async function seedState(base, keys, receiverUrl) {
  const call = async (key, method, path, body) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`seeding: ${method} ${path} answered ${res.status}: ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  const A = (...args) => call(keys.a, ...args);

  // The workflows first: they plan while the rest is created. Two webhooks and two templates
  // to read and change, three more of each that only DELETE aims at, so the rest outlive it.
  const webhooks = [(await A('POST', '/v1/webhooks', { url: receiverUrl, events: ['*'] })).id];
  const options = [
    { autoAnswer: true },
    { autoAnswer: true, agentType: 'claude' },
    { autoAnswer: true, maxTickets: 5 },
  ];
  const planned = [];
  for (const [i, o] of options.entries()) planned.push(await A('POST', '/v1/workflows', { goal: PRD(i), options: o }));
  const waiting = await A('POST', '/v1/workflows', { goal: PRD(9), options: { autoAnswer: false } });
  const bWorkflow = await call(keys.b, 'POST', '/v1/workflows', { goal: PRD(10), options: { autoAnswer: true } });
  while (webhooks.length < 5) webhooks.push((await A('POST', '/v1/webhooks', { url: receiverUrl, events: ['*'] })).id);
  const templates = [];
  for (const agentType of ['cursor', 'generic', 'aider', 'cline', 'windsurf']) {
    const source = `${agentType}: {{epicTitle}}\n{{#each tickets}}- {{key}} {{title}}\n{{/each}}`;
    templates.push((await A('POST', '/v1/templates/handoff', { agentType, name: `fuzz ${agentType}`, source })).id);
  }

  await waitFor(
    'seeded workflows planned',
    async () => {
      const views = await Promise.all(planned.map((w) => A('GET', `/v1/workflows/${w.id}`)));
      const failed = views.find((v) => ['failed', 'cancelled'].includes(v.status));
      if (failed) throw new Error(`seeded workflow ${failed.id} ${failed.status}: ${JSON.stringify(failed.errors)}`);
      return views.every((v) => ['tickets_ready', 'completed'].includes(v.status));
    },
    120_000,
    250,
  );
  let questions = [];
  await waitFor(
    'questions',
    async () => {
      questions = (await A('GET', `/v1/workflows/${waiting.id}`)).questions.map((q) => q.id);
      return questions.length > 0;
    },
    60_000,
  );

  const handoff = await A('POST', `/v1/workflows/${planned[0].id}/handoffs`, { agentType: 'claude' });
  const tickets = await A('GET', `/v1/workflows/${planned[0].id}/tickets`);
  let deliveries = [];
  await waitFor(
    'webhook deliveries',
    async () => {
      deliveries = (await A('GET', `/v1/webhooks/${webhooks[0]}/deliveries?limit=8`)).items.map((d) => d.id);
      return deliveries.length > 0;
    },
    30_000,
  );
  return {
    workflows: [...planned.map((w) => w.id), waiting.id],
    tickets: tickets.tickets.slice(0, 8).map((t) => t.key),
    handoffs: [handoff.handoff.id],
    executions: [handoff.execution.id],
    templates: templates.slice(0, 2),
    templatesToDelete: templates.slice(2),
    webhooks: webhooks.slice(0, 2),
    webhooksToDelete: webhooks.slice(2),
    deliveries,
    questions,
    seqs: ['1', '2', '5', '12', '30'],
    bWorkflows: [bWorkflow.id],
  };
}

/** Pools holding ids of rows one tenant owns (a path naming one is the other tenant's for the other key). */
export const OWNED = {
  a: [
    'workflows',
    'handoffs',
    'executions',
    'templates',
    'templatesToDelete',
    'webhooks',
    'webhooksToDelete',
    'deliveries',
  ],
  b: ['bWorkflows'],
};
