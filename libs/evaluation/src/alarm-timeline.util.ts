/**
 * When the model was scored on a machine and when it alarmed, as runs of consecutive window
 * ends (`[first, last]`, epoch ms, both inclusive, `stepMs` apart within a run). Stored with
 * every assessment so a result can be checked against what really happened on the machine —
 * `fleetgate grade` holds it against a simulator's complete truth — without scoring again.
 * Alarms are rare and windows regular, so the runs stay small (a few hundred numbers for 90
 * days of hourly windows).
 */
export interface AlarmTimeline {
  windowMs: number;
  stepMs: number;
  scored: Array<[number, number]>;
  alarmed: Array<[number, number]>;
}

/** Runs of the window ends that pass `keep`, split wherever two kept ends are more than a step apart. */
function runs(windowEndMs: ArrayLike<number>, rows: number, stepMs: number, keep: (r: number) => boolean): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let first = NaN;
  let last = NaN;
  for (let r = 0; r < rows; r++) {
    if (!keep(r)) continue;
    const end = windowEndMs[r];
    if (last === last && end - last <= stepMs) {
      last = end;
      continue;
    }
    if (first === first) out.push([first, last]);
    first = last = end;
  }
  if (first === first) out.push([first, last]);
  return out;
}

export function alarmTimeline(windowEndMs: ArrayLike<number>, alarms: ArrayLike<number>, rows: number, windowMs: number, stepMs: number): AlarmTimeline {
  return {
    windowMs,
    stepMs,
    scored: runs(windowEndMs, rows, stepMs, () => true),
    alarmed: runs(windowEndMs, rows, stepMs, (r) => alarms[r] === 1),
  };
}

/** Every window end of a list of runs, in order. */
export function expandRuns(runList: ReadonlyArray<readonly [number, number]>, stepMs: number): number[] {
  const out: number[] = [];
  for (const [first, last] of runList) for (let t = first; t <= last; t += stepMs) out.push(t);
  return out;
}
