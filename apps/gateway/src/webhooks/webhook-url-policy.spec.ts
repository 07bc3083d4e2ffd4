import { assertDeliverableUrl, isBlockedAddress } from './webhook-url-policy';

describe('webhook URL policy', () => {
  it.each([
    '10.0.0.1',
    '10.255.255.255',
    '172.16.0.1',
    '172.31.255.254',
    '192.168.1.1',
    '127.0.0.1',
    '127.8.9.10',
    '169.254.169.254',
    '0.0.0.0',
    '100.64.0.1',
    '::1',
    '::',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    '::ffff:10.0.0.1',
    '::ffff:127.0.0.1',
    'not-an-ip',
  ])('blocks %s', (address) => {
    expect(isBlockedAddress(address)).toBe(true);
  });

  it.each(['8.8.8.8', '172.32.0.1', '192.169.0.1', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    'allows %s',
    (address) => {
      expect(isBlockedAddress(address)).toBe(false);
    },
  );

  it.each([
    ['http://10.0.0.1/hook', /10\.0\.0\.1 is a private/],
    ['http://127.0.0.1/x', /127\.0\.0\.1 is a private/],
    ['https://[::1]:8443/x', /::1 is a private/],
    ['http://0x7f000001/x', /127\.0\.0\.1 is a private/], // the URL parser normalises it
    ['http://169.254.169.254/latest/meta-data', /169\.254\.169\.254/],
    ['http://localhost:3000/x', /localhost resolves to/], // resolved from /etc/hosts, no traffic
    ['ftp://example.com/x', /http or https/],
  ])('refuses %s', async (url, message) => {
    await expect(assertDeliverableUrl(url, false)).rejects.toThrow(message);
  });

  it('allows private targets when configured to (local development, tests)', async () => {
    await expect(assertDeliverableUrl('http://127.0.0.1:4000/hook', true)).resolves.toBeUndefined();
    await expect(assertDeliverableUrl('http://10.0.0.1/hook', true)).resolves.toBeUndefined();
  });

  it('allows a public literal address without any lookup', async () => {
    await expect(assertDeliverableUrl('https://93.184.215.14/hook', false)).resolves.toBeUndefined();
  });
});
