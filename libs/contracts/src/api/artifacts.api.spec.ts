import { ListTicketsQuery } from './artifacts.api';
import { MAX_TICKET_SET_VERSION, TicketsGetQuery } from './service-queries';

const ids = { tenantId: '0b6f1c2e-6a43-4c55-9a2b-3f0e5d6c7b8a', workflowId: '5d0c9e8f-1a2b-4c3d-8e9f-0a1b2c3d4e5f' };

// The API fuzz sent ?version=2147483648: ticket-gen's integer column overflowed and the gateway answered 502.
describe('ticket set versions fit a Postgres integer', () => {
  it('GET /v1/workflows/:id/tickets?version= refuses one past the largest, naming version', () => {
    expect(ListTicketsQuery.safeParse({ version: String(MAX_TICKET_SET_VERSION) }).data).toMatchObject({
      version: 2_147_483_647,
    });
    for (const version of ['2147483648', '9007199254740991']) {
      const parsed = ListTicketsQuery.safeParse({ version });
      expect(parsed.error?.issues.map((i) => i.path)).toEqual([['version']]);
    }
  });

  it('tickets.get (what ticket-gen validates) refuses it too', () => {
    expect(TicketsGetQuery.safeParse({ ...ids, version: MAX_TICKET_SET_VERSION }).success).toBe(true);
    expect(TicketsGetQuery.safeParse({ ...ids, version: MAX_TICKET_SET_VERSION + 1 }).success).toBe(false);
  });
});
