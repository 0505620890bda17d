import { scrubObject, scrubSecrets } from './redact.util';

describe('scrubSecrets', () => {
  it('removes fleetgate tokens, Authorization values and the admin cookie from free text', () => {
    const token = 'fg_AbCdEfGhIjKlMnOpQrStUvWxYz012345';
    expect(scrubSecrets(`user token ${token} refused`)).toBe('user token fg_[redacted] refused');
    expect(scrubSecrets(`authorization: Bearer ${token}`)).toBe('authorization: Bearer [redacted]');
    expect(scrubSecrets('Authorization: Basic YWRtaW46c2VjcmV0')).toBe('Authorization: Basic [redacted]');
    expect(scrubSecrets(`cookie fleetgate_admin=${token}; Path=/`)).toBe('cookie fleetgate_admin=[redacted]; Path=/');
    expect(scrubSecrets(`${token}`)).not.toContain(token.slice(3));
  });

  it('leaves ordinary text alone', () => {
    expect(scrubSecrets('machine evaluated: PLT1-P200-0007, fg score 0.3')).toBe('machine evaluated: PLT1-P200-0007, fg score 0.3');
  });
});

describe('scrubObject', () => {
  it('scrubs string values and nested objects, and returns the same object when nothing changed', () => {
    const clean = { msg: 'ok', runId: 'r1', n: 3 };
    expect(scrubObject(clean)).toBe(clean);
    const dirty = { msg: 'failed', error: 'bad header Bearer fg_secretsecretsecret', detail: { note: 'fg_secretsecretsecret' } };
    expect(scrubObject(dirty)).toEqual({ msg: 'failed', error: 'bad header Bearer [redacted]', detail: { note: 'fg_[redacted]' } });
    expect(dirty.error).toContain('fg_secret');
  });

  it('turns an Error into its scrubbed type, message and stack', () => {
    const out = scrubObject({ err: new Error('token fg_secretsecretsecret is revoked') });
    expect(out.err).toMatchObject({ type: 'Error', message: 'token fg_[redacted] is revoked' });
    expect(JSON.stringify(out)).not.toContain('fg_secret');
  });
});
