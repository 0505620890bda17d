import { Logger } from '@nestjs/common';
import request from 'supertest';
import { DAY_MS } from '@fleetgate/common';
import { evaluableApi } from './evaluation-test.fixtures';

/** POST /api/evaluations: the look-back period is `lookback`; `window` is its deprecated alias. */
describe('POST /api/evaluations (look-back period)', () => {
  const suite = evaluableApi();
  const start = (body: Record<string, unknown>) =>
    request(suite.api.url)
      .post('/api/evaluations')
      .set('authorization', `Bearer ${suite.api.tokens.rel}`)
      .send({ modelVersionId: suite.seed.versionId, selection: { assetIds: [suite.seed.assetId] }, ...body });
  const period = (body: { from: string; to: string }) => ({ fromMs: Date.parse(body.from), toMs: Date.parse(body.to) });

  it('evaluates the last <lookback> of the data, without a deprecation notice', async () => {
    const res = await start({ lookback: '2d' }).expect(202);
    expect(period(res.body)).toEqual({ fromMs: suite.seed.dataEndMs - 2 * DAY_MS, toMs: suite.seed.dataEndMs });
    expect(res.headers.deprecation).toBeUndefined();
    expect(res.headers.warning).toBeUndefined();
  });

  it('defaults to the last 90 days without lookback or from/to', async () => {
    const res = await start({}).expect(202);
    expect(period(res.body)).toEqual({ fromMs: suite.seed.dataEndMs - 90 * DAY_MS, toMs: suite.seed.dataEndMs });
    expect(res.headers.deprecation).toBeUndefined();
  });

  it('still takes the deprecated window, says so in the answer, and logs it once', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    try {
      for (let i = 0; i < 2; i++) {
        const res = await start({ window: '2d' }).expect(202);
        expect(period(res.body)).toEqual({ fromMs: suite.seed.dataEndMs - 2 * DAY_MS, toMs: suite.seed.dataEndMs });
        expect(res.headers.deprecation).toBe('true');
        expect(res.headers.warning).toBe('299 - "window is deprecated; use lookback"');
      }
      const logged = warn.mock.calls.filter(([m]) => JSON.stringify(m).includes('window is deprecated; use lookback'));
      expect(logged).toHaveLength(1);
    } finally {
      warn.mockRestore();
    }
  });

  it('refuses lookback and window together with a 400 naming window', async () => {
    const res = await start({ lookback: '2d', window: '2d' }).expect(400);
    expect(res.body.errors).toEqual([{ field: 'window', message: 'window is a deprecated alias of lookback; give lookback only' }]);
  });

  it.each(['lots', '90 days', '0d', ''])('refuses lookback %j with a 400 naming lookback', async (lookback) => {
    const res = await start({ lookback }).expect(400);
    expect(res.body.errors).toEqual([{ field: 'lookback', message: 'lookback must be a positive duration such as 90d, 12h or 2w' }]);
  });

  it('refuses a bad deprecated window with a 400 naming window', async () => {
    const res = await start({ window: 'lots' }).expect(400);
    expect(res.body.errors).toEqual([{ field: 'window', message: 'window must be a positive duration such as 90d, 12h or 2w' }]);
  });

  it('records the threshold mode, version by default', async () => {
    const res = await start({ lookback: '2d' }).expect(202);
    expect(res.body.thresholds).toBe('version');
  });

  it('refuses per-machine thresholds for a raw model with a 400 naming thresholds, and an unknown mode', async () => {
    const raw = await start({ lookback: '2d', thresholds: 'per-machine' }).expect(400);
    expect(raw.body.errors).toEqual([{ field: 'thresholds', message: 'needs normalization per-machine-baseline' }]);
    expect(raw.body.message).toMatch(/is not a per-machine-baseline model/);
    const bad = await start({ lookback: '2d', thresholds: 'mine' }).expect(400);
    expect(bad.body.errors[0].field).toBe('thresholds');
  });
});
