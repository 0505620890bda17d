import { acceptedRequestId, currentContext, runWithContext } from './request-context';

describe('request context', () => {
  it('is empty outside any request or job, and follows awaits inside one', async () => {
    expect(currentContext()).toEqual({});
    await runWithContext({ requestId: 'r-1' }, async () => {
      await new Promise((r) => setTimeout(r, 1));
      expect(currentContext()).toEqual({ requestId: 'r-1' });
      await runWithContext({ runId: 'run-1', machineId: 'm-1' }, async () => {
        await Promise.resolve();
        expect(currentContext()).toEqual({ requestId: 'r-1', runId: 'run-1', machineId: 'm-1' });
      });
      expect(currentContext()).toEqual({ requestId: 'r-1' });
    });
    expect(currentContext()).toEqual({});
  });

  it("accepts a caller's X-Request-Id only when it is a short plain token", () => {
    expect(acceptedRequestId('ops-e2e_1.2')).toBe('ops-e2e_1.2');
    expect(acceptedRequestId(['first', 'second'])).toBe('first');
    expect(acceptedRequestId(undefined)).toBeUndefined();
    expect(acceptedRequestId('')).toBeUndefined();
    expect(acceptedRequestId('has space')).toBeUndefined();
    expect(acceptedRequestId('line\nbreak')).toBeUndefined();
    expect(acceptedRequestId('x'.repeat(129))).toBeUndefined();
  });
});
