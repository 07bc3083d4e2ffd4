import path from 'node:path';
import { createIsolation, freePort, spawnNode, type Isolation } from '@flowguard/testing';

jest.setTimeout(180_000);

/** `npm start` is the README's main job for now: it must bring all five services up healthy. */
describe('npm start', () => {
  let iso: Isolation;
  beforeAll(async () => {
    iso = await createIsolation('start');
  });
  afterAll(async () => {
    await iso.cleanup();
  });

  it('checks infrastructure, builds, runs the five services until healthy, and stops them cleanly', async () => {
    const ports = await Promise.all([0, 1, 2, 3, 4].map(() => freePort()));
    const start = spawnNode(path.resolve(__dirname, '../scripts/start.mjs'), ['--exit-when-healthy'], {
      ...iso.env,
      PORT: String(ports[0]),
      CLARIFIER_PORT: String(ports[1]),
      SPEC_GEN_PORT: String(ports[2]),
      TICKET_GEN_PORT: String(ports[3]),
      HANDOFF_PORT: String(ports[4]),
      NO_COLOR: '1',
    });
    const code = await start.exited;
    const out = start.output();
    expect({ code, tail: code === 0 ? '' : out.slice(-3000) }).toEqual({ code: 0, tail: '' });
    for (const [i, service] of ['gateway', 'clarifier', 'spec-gen', 'ticket-gen', 'handoff'].entries()) {
      expect(out).toMatch(new RegExp(`${service}\\s+http://127\\.0\\.0\\.1:${ports[i]}\\s+.*(yes|healthy|ok)`, 'i'));
    }
  });
});
