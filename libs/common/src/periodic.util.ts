export interface Periodic {
  stop(): void;
}

/**
 * Runs `pass` now and then every `everyMs` until `stop()`, never two at once: a pass still running
 * when the next one is due makes that one skip. A failed pass goes to `onError` and the next one
 * retries. The timer does not keep the process alive. The background loops of the services (the
 * run reconciler, the webhook sweep, raw retention) all run this way.
 */
export function startPeriodic(pass: () => Promise<unknown>, everyMs: number, onError: (error: unknown) => void): Periodic {
  let busy = false;
  const run = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    try {
      await pass();
    } catch (error) {
      onError(error);
    } finally {
      busy = false;
    }
  };
  void run();
  const timer = setInterval(() => void run(), everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
