import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createIsolation, freePort, spawnNode, type Isolation } from '@flowguard/testing';

jest.setTimeout(240_000);

const root = path.resolve(__dirname, '..');

/** `npm run demo`: infra, build, five services, a tenant, `flowguard plan` of the example PRD, clean stop. */
describe('npm run demo', () => {
  let iso: Isolation;
  let out: string;

  beforeAll(async () => {
    iso = await createIsolation('demo');
    out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fg-demo-')), '.flowguard');
  });
  afterAll(async () => {
    await iso?.cleanup();
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  });

  it('plans the example PRD with the offline planner, writes the files and stops the services cleanly', async () => {
    const ports = await Promise.all([0, 1, 2, 3, 4].map(() => freePort()));
    const env: Record<string, string> = {
      ...iso.env,
      PORT: String(ports[0]),
      CLARIFIER_PORT: String(ports[1]),
      SPEC_GEN_PORT: String(ports[2]),
      TICKET_GEN_PORT: String(ports[3]),
      HANDOFF_PORT: String(ports[4]),
    };
    // The offline planner, whatever the machine running the tests has configured.
    const savedKey = process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_API_KEY;
    const demo = spawnNode(path.join(root, 'scripts/demo.mjs'), ['--out', out], env);
    if (savedKey !== undefined) process.env.OPENAI_API_KEY = savedKey;
    const code = await demo.exited;
    const text = demo.output();
    expect({ code, tail: code === 0 ? '' : text.slice(-4000) }).toEqual({ code: 0, tail: '' });

    expect(text).toContain(`gateway    http://127.0.0.1:${ports[0]}`);
    expect(text).toContain('the offline planner');
    expect(text).toMatch(/^validation: valid — 0 errors/m);
    expect(text).toContain('all services stopped cleanly');
    for (const f of ['spec.md', 'IMPL_PLAN.md', 'TODO_LIST.md', 'handoff-claude.md']) {
      expect(fs.statSync(path.join(out, f)).size).toBeGreaterThan(100);
    }
    expect(fs.readdirSync(path.join(out, 'tickets')).filter((f) => f.endsWith('.md')).length).toBeGreaterThan(5);
    expect(fs.readFileSync(path.join(out, 'handoff-claude.md'), 'utf8')).toContain('Team billing');
  });
});
