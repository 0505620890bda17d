import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { assessMachine } from '../assess-machine.util';
import { hourlyBuffers } from '@fleetgate/telemetry';
import { hourly, machineArgs, profile } from '../hourly-input.fixture';
import { AssessmentPool } from './assessment-pool';

// The threads run the compiled evaluation (`npm test` builds it first), as the built worker does.
const SCRIPT = path.resolve(__dirname, '../../../../dist/libs/evaluation/src/run/assessment.thread.js');

describe('AssessmentPool', () => {
  let pool: AssessmentPool;

  beforeAll(() => {
    if (!fs.existsSync(SCRIPT)) throw new Error(`${SCRIPT} is missing: run the tests with npm test, which builds it`);
    pool = new AssessmentPool(2, SCRIPT);
    return pool.onModuleInit();
  });

  afterAll(() => pool.close());

  it('assesses on its threads exactly what assessMachine gives in this thread, each machine its own answer', async () => {
    expect(pool.threaded).toBe(true);
    const base = machineArgs();
    // Another reference profile for some machines: each thread must use the one sent with the machine.
    const shifted = { ...profile(), signals: { a: { mean: 30, std: 2.5 }, b: { mean: -1, std: 2.5 } } };
    const machines = Array.from({ length: 8 }, (_, i) => ({ ...base, seedKey: `M-${i}`, profile: i % 3 === 0 ? shifted : base.profile }));
    const got = await Promise.all(machines.map((m) => pool.assess(m)));
    const want = machines.map((m) => assessMachine(m));
    expect(got).toEqual(want);
    // The fixture is not a trivial case: a labelled failure, alarms, and the two profiles disagree on the domain.
    expect(want[1].performance?.failures).toBe(1);
    expect(want[1].output.alarmRate).toBeGreaterThan(0);
    expect(want[0].domain[0].levelShiftSigma).not.toBe(want[1].domain[0].levelShiftSigma);
  });

  it("moves the transferred rollup buffers to the thread (the caller's views are emptied) and answers as if they were copied", async () => {
    const args = { ...machineArgs(), hourly: hourly() };
    const want = assessMachine({ ...args, hourly: hourly() });
    const buffers = hourlyBuffers(args.hourly);
    expect(buffers).toHaveLength(2); // one buffer per signal holds all its hour columns
    await expect(pool.assess(args, buffers)).resolves.toEqual(want);
    expect(buffers.every((b) => b.byteLength === 0)).toBe(true);
    expect(args.hourly.a.stats.count).toHaveLength(0);
  });

  it('turns an assessment that throws into a rejected promise with its message, and goes on assessing', async () => {
    const base = machineArgs();
    const broken = { ...base, model: { ...base.model, recipe: undefined as never } };
    await expect(pool.assess(broken)).rejects.toThrow(/signals/);
    await expect(pool.assess(base)).resolves.toEqual(assessMachine(base));
  });

  it('fails the machine a dying thread held, names why, and starts a new thread for the next machine', async () => {
    // A thread that dies on its first request (as one out of memory would), and counts the threads started.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assessment-pool-'));
    const script = path.join(dir, 'dying.thread.js');
    const started = path.join(dir, 'started');
    fs.writeFileSync(
      script,
      `require('node:fs').appendFileSync(${JSON.stringify(started)}, 'x');
       require('node:worker_threads').parentPort.on('message', () => process.exit(3));`,
    );
    const dying = new AssessmentPool(1, script);
    try {
      await expect(dying.assess(machineArgs())).rejects.toThrow('assessment thread exited with code 3');
      await expect(dying.assess(machineArgs())).rejects.toThrow('assessment thread exited with code 3');
      expect(fs.readFileSync(started, 'utf8')).toBe('xx');
    } finally {
      await dying.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('starts its threads at init and resolves once each has loaded its modules; a thread that dies loading does not hold the start', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assessment-pool-'));
    const marks = path.join(dir, 'ready');
    const slow = path.join(dir, 'slow.thread.js');
    // Loading takes a while, as the real thread's modules do; then it says so.
    fs.writeFileSync(
      slow,
      `setTimeout(() => { require('node:fs').appendFileSync(${JSON.stringify(marks)}, 'r');
         require('node:worker_threads').parentPort.postMessage({ ready: true }); }, 300);`,
    );
    const broken = path.join(dir, 'broken.thread.js');
    fs.writeFileSync(broken, `throw new Error('cannot load');`);
    const pools = [new AssessmentPool(2, slow), new AssessmentPool(1, broken)];
    try {
      await pools[0].onModuleInit();
      expect(fs.readFileSync(marks, 'utf8')).toBe('rr');
      await expect(pools[1].onModuleInit()).resolves.toBeUndefined();
      await expect(pools[1].assess(machineArgs())).rejects.toThrow(/assessment thread (failed|exited)/);
    } finally {
      await Promise.all(pools.map((p) => p.close()));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('warms its threads up at start when asked (made-up machines, results dropped) and then assesses as before', async () => {
    const warm = new AssessmentPool(2, SCRIPT, 2);
    try {
      await warm.onModuleInit();
      const base = machineArgs();
      await expect(Promise.all([warm.assess(base), warm.assess({ ...base, seedKey: 'M-2' })])).resolves.toEqual([
        assessMachine(base),
        assessMachine({ ...base, seedKey: 'M-2' }),
      ]);
    } finally {
      await warm.close();
    }
  });

  it('assesses in the calling thread when there is no compiled thread script (running from sources) or no threads', async () => {
    const base = machineArgs();
    for (const inline of [new AssessmentPool(2, null), new AssessmentPool(0, SCRIPT)]) {
      expect(inline.threaded).toBe(false);
      await expect(inline.assess(base)).resolves.toEqual(assessMachine(base));
      // Nothing to move the buffers to: they stay the caller's.
      const withRollups = { ...base, hourly: hourly() };
      await inline.assess(withRollups, hourlyBuffers(withRollups.hourly));
      expect(withRollups.hourly.a.stats.count.length).toBeGreaterThan(0);
      await inline.close();
    }
  });
});
