import { startPeriodic } from './periodic.util';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits (polling) until `done()` holds; the assertions after it say what must be true then. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !done(); i++) await sleep(5);
}

describe('startPeriodic', () => {
  it('runs at once, skips the passes due while one still runs, goes on after it, and starts none after stop()', async () => {
    let release: () => void = () => undefined;
    let running = 0;
    let most = 0;
    let passes = 0;
    const loop = startPeriodic(
      async () => {
        most = Math.max(most, ++running);
        passes++;
        if (passes === 1) await new Promise<void>((r) => (release = r)); // the first pass hangs until released
        running--;
      },
      5,
      () => undefined,
    );
    expect(passes).toBe(1);
    await sleep(50); // ten intervals pass while the first pass hangs
    expect(passes).toBe(1);
    release();
    await until(() => passes >= 3);
    loop.stop();
    await until(() => running === 0);
    const stoppedAt = passes;
    await sleep(30);
    expect(passes).toBe(stoppedAt);
    expect(most).toBe(1);
  });

  it('hands a failed pass to onError and goes on', async () => {
    const errors: unknown[] = [];
    let passes = 0;
    const loop = startPeriodic(
      async () => {
        if (++passes === 1) throw new Error('boom');
      },
      5,
      (e) => errors.push(e),
    );
    await until(() => passes >= 2);
    loop.stop();
    expect(errors).toEqual([new Error('boom')]);
    expect(passes).toBeGreaterThanOrEqual(2);
  });
});
