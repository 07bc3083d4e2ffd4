// npm run fake-llm -- [--port 4010] [--responses file.json] [--fault-rate 0.2] [--seed 42] [--latency-ms 0]
// An OpenAI-compatible server for running the stack by hand without a real model:
//   OPENAI_API_KEY=fake OPENAI_BASE_URL=http://127.0.0.1:4010/v1 npm start
// --responses is a JSON object { "<purpose>": <answer JSON> } (purposes: clarification, spec,
// tickets). GET /__fake/requests lists every request and the tokens it charged.
import fs from 'node:fs';
import { require } from './lib.mjs';

const { FakeOpenAiServer } = require('@flowguard/testing');

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const responses = arg('responses') ? JSON.parse(fs.readFileSync(arg('responses'), 'utf8')) : {};
const server = new FakeOpenAiServer({
  responses,
  faultRate: Number(arg('fault-rate', 0)),
  seed: Number(arg('seed', 42)),
  latencyMs: Number(arg('latency-ms', 0)),
});
const url = await server.start(Number(arg('port', 4010)));
console.log(`fake OpenAI server on ${url} (purposes: ${Object.keys(responses).join(', ') || 'none scripted'})`);
const stop = async () => {
  const totals = server.totals();
  console.log(
    `${server.requests.length} requests, ${totals.promptTokens} prompt + ${totals.completionTokens} completion tokens`,
  );
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
