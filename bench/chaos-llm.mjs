// --llm fake: the real openai client in every service talks to the fake OpenAI server, which
// answers with the services' own planners (bench/fake-model.mjs) after a simulated latency, so
// kills land on paid calls in flight and the ledger can be held against what the server charged.
import { createRequire } from 'node:module';
import { plannerResponses } from './fake-model.mjs';

const require = createRequire(import.meta.url);

export async function startFakeLlm({ latencyMs, seed }) {
  const { FakeOpenAiServer } = require('@flowguard/testing');
  const server = new FakeOpenAiServer({ responses: plannerResponses, faultRate: 0, seed, latencyMs });
  const url = await server.start(0);
  return {
    server,
    env: {
      OPENAI_API_KEY: 'fake-key',
      OPENAI_BASE_URL: url,
      OPENAI_MODEL: 'fake-model',
      LLM_TIMEOUT_MS: String(Math.max(3_000, 3 * latencyMs)),
    },
    /** What the server charged: requests that carried an answer, and their tokens. */
    charged() {
      const paid = server.requests.filter((r) => r.completionTokens > 0);
      const t = server.totals();
      return { calls: paid.length, tokens: t.promptTokens + t.completionTokens };
    },
    stop: () => server.stop(),
  };
}
