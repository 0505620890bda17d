import { checkWebhookUrl, isPrivateAddress } from './webhook-url.util';

describe('webhook URL validation', () => {
  it.each(['https://hooks.example.com/fleetgate', 'http://receiver.example.org:8080/in?x=1', 'https://203.0.113.7/hook', 'https://[2001:db8::1]/hook'])(
    'accepts %s',
    (url) => expect(checkWebhookUrl(url)).toEqual({ ok: true }),
  );

  it.each([
    [undefined, 'must be a URL'],
    ['', 'must be a URL'],
    ['hooks.example.com/x', 'absolute'],
    ['ftp://hooks.example.com/x', 'scheme must be https or http'],
    ['file:///etc/passwd', 'scheme must be https or http'],
    ['javascript:alert(1)', 'scheme'],
    ['https://user:pw@hooks.example.com/', 'credentials'],
    ['https://hooks.example.com/#frag', 'fragment'],
    ['http://localhost:3000/', 'localhost'],
    ['http://127.0.0.1:9000/', 'private'],
    ['http://10.1.2.3/', 'private'],
    ['http://172.20.0.5/', 'private'],
    ['http://192.168.1.10/', 'private'],
    ['http://169.254.169.254/latest/meta-data', 'private'],
    ['http://100.64.0.1/', 'private'],
    ['http://0.0.0.0/', 'private'],
    ['http://[::1]/', 'private'],
    ['http://[fd00::1]/', 'private'],
    ['http://[fe80::1]/', 'private'],
    ['http://[::ffff:127.0.0.1]/', 'private'],
    ['http://2130706433/', 'private'], // 127.0.0.1 as one number: URL normalises it
  ])('refuses %s (%s)', (url, why) => {
    const r = checkWebhookUrl(url);
    expect(r.ok).toBe(false);
    expect(r.reason).toContain(why);
  });

  it('lets private addresses through only when allowed (tests, closed networks)', () => {
    expect(checkWebhookUrl('http://127.0.0.1:45123/hook', true)).toEqual({ ok: true });
    expect(checkWebhookUrl('ftp://127.0.0.1/', true).ok).toBe(false);
  });

  it('classifies addresses', () => {
    expect(isPrivateAddress('8.8.8.8')).toBe(false);
    expect(isPrivateAddress('172.32.0.1')).toBe(false);
    expect(isPrivateAddress('172.31.255.255')).toBe(true);
    expect(isPrivateAddress('hooks.example.com')).toBe(false);
  });
});
