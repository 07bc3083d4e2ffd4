import { Webhook } from 'standardwebhooks';
import { newWebhookSecret, signatureHeaders, webhookIdFor } from './webhook-signature';

describe('Standard Webhooks signature', () => {
  it('makes secrets of 24 random bytes behind whsec_', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(24);
    expect(newWebhookSecret()).not.toBe(secret);
  });

  it('signs so that the official library verifies, and only the untouched body', () => {
    const secret = newWebhookSecret();
    const body = JSON.stringify({ id: 'e1', type: 'goal.submitted', data: { goal: 'ünïcode ✓' } });
    const headers = signatureHeaders(secret, webhookIdFor('e1'), body);
    expect(headers['webhook-id']).toBe('msg_e1');
    expect(headers['webhook-timestamp']).toMatch(/^\d{10}$/);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(secret).verify(body.replace('e1', 'e2'), headers)).toThrow();
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
  });

  it('matches the library’s own signature for the same id, time and body', () => {
    const secret = newWebhookSecret();
    const at = new Date('2026-03-01T12:00:00Z');
    const ours = signatureHeaders(secret, 'msg_x', '{"a":1}', at)['webhook-signature'];
    expect(ours).toBe(new Webhook(secret).sign('msg_x', at, '{"a":1}'));
  });
});
