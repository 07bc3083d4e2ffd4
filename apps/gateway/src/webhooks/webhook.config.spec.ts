import { ConfigError } from '@flowguard/config';
import { loadWebhookConfig } from './webhook.config';
import { CreateWebhookRequest, UpdateWebhookRequest } from './webhook.schema';

describe('webhook config', () => {
  it('defaults: private targets refused, 10 s timeout, retries over hours with ±20% jitter', () => {
    const config = loadWebhookConfig({});
    expect(config).toMatchObject({ WEBHOOK_ALLOW_PRIVATE: false, WEBHOOK_TIMEOUT_MS: 10_000, WEBHOOK_JITTER: 0.2 });
    expect(config.WEBHOOK_SCHEDULE_MS).toEqual([
      5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000,
    ]);
    expect(config.WEBHOOK_SCHEDULE_MS.reduce((a, b) => a + b, 0)).toBeGreaterThan(7 * 3600 * 1000);
  });

  it('parses a compressed schedule and the private switch', () => {
    const config = loadWebhookConfig({ WEBHOOK_SCHEDULE_MS: '50,100,200', WEBHOOK_ALLOW_PRIVATE: 'true' });
    expect(config.WEBHOOK_SCHEDULE_MS).toEqual([50, 100, 200]);
    expect(config.WEBHOOK_ALLOW_PRIVATE).toBe(true);
    expect(loadWebhookConfig({ WEBHOOK_SCHEDULE_MS: '' }).WEBHOOK_SCHEDULE_MS).toEqual([]);
  });

  it('names every bad variable', () => {
    let error: ConfigError | undefined;
    try {
      loadWebhookConfig({ WEBHOOK_SCHEDULE_MS: '5s,10s', WEBHOOK_ALLOW_PRIVATE: 'maybe', WEBHOOK_TIMEOUT_MS: '0' });
    } catch (err) {
      error = err as ConfigError;
    }
    expect(error?.issues.map((i) => i.field).sort()).toEqual([
      'WEBHOOK_ALLOW_PRIVATE',
      'WEBHOOK_SCHEDULE_MS',
      'WEBHOOK_TIMEOUT_MS',
    ]);
  });
});

describe('webhook request schemas', () => {
  const fields = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
    result.error?.issues.map((i) => i.path.join('.')) ?? [];

  it('takes a URL and known event types or "*"; enabled defaults to true', () => {
    expect(CreateWebhookRequest.parse({ url: 'https://example.com/h', events: ['goal.submitted'] })).toEqual({
      url: 'https://example.com/h',
      events: ['goal.submitted'],
      enabled: true,
    });
    expect(CreateWebhookRequest.safeParse({ url: 'https://example.com/h', events: ['*'] }).success).toBe(true);
  });

  it('names the failing fields', () => {
    expect(fields(CreateWebhookRequest.safeParse({ url: 'ftp://x', events: ['goal.eaten'] }))).toEqual([
      'url',
      'events.0',
    ]);
    expect(fields(CreateWebhookRequest.safeParse({ url: 'not a url', events: ['*'] }))).toEqual(['url']);
    expect(fields(CreateWebhookRequest.safeParse({ url: 'https://u:p@example.com', events: [] }))).toEqual([
      'url',
      'events',
    ]);
    expect(
      fields(CreateWebhookRequest.safeParse({ url: 'https://example.com', events: ['*', 'goal.submitted'] })),
    ).toEqual(['events']);
    expect(UpdateWebhookRequest.safeParse({ secret: 'x' }).error?.issues[0]).toMatchObject({
      code: 'unrecognized_keys',
      keys: ['secret'],
    });
    expect(UpdateWebhookRequest.safeParse({}).success).toBe(false);
  });
});
