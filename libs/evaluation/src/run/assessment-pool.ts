import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { assessMachine, MachineAssessment } from '../assess-machine.util';
import { ProfileView } from '../profile-view.util';
import { warmUpMachine } from './warm-up.util';

export type AssessArgs = Parameters<typeof assessMachine>[0];

/** What the pool posts to a thread: the arguments without the profile, which goes once per thread (by id). */
export interface AssessRequest {
  id: number;
  profileId: number;
  profile?: ProfileView;
  args: Omit<AssessArgs, 'profile'>;
}

export type AssessResponse = { id: number; assessment: MachineAssessment } | { id: number; error: { message: string; stack: string } };

/** What a thread posts: once `ready` (its modules loaded), then one response per request. */
export type ThreadMessage = AssessResponse | { ready: true };

/**
 * The profiles a thread keeps, oldest out beyond `max`. The pool keeps one per thread with the
 * same rule and the same order of additions, so it always knows which ids a thread still holds.
 */
export class ProfileCache<T> {
  private readonly entries = new Map<number, T>();

  constructor(private readonly max = 8) {}

  has(id: number): boolean {
    return this.entries.has(id);
  }

  get(id: number): T | undefined {
    return this.entries.get(id);
  }

  add(id: number, value: T): void {
    this.entries.set(id, value);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }
}

interface Thread {
  worker: Worker;
  /** settles once the thread has loaded its modules (or has died) */
  ready: Promise<void>;
  pending: Map<number, { resolve: (a: MachineAssessment) => void; reject: (e: Error) => void }>;
  profiles: ProfileCache<true>;
}

/**
 * `assessMachine` on worker threads. The assessment (domain intervals, drift) is most of a
 * machine's CPU and is pure, so while a thread assesses one machine the worker's main thread reads
 * and scores the next: a worker with `WORKER_CONCURRENCY` ≥ 2 uses more than one core. The answer
 * is the one `assessMachine` gives in the calling thread — the same function on a structured clone
 * of the same arguments.
 *
 * With `size` 0, or when the compiled thread script is absent (running from TypeScript sources,
 * as the unit tests do), it assesses in the calling thread. A thread that dies fails the machines
 * it held (their jobs retry) and is replaced on the next call.
 */
export class AssessmentPool {
  private readonly threads: Thread[] = [];
  private readonly profileIds = new WeakMap<ProfileView, number>();
  private nextProfileId = 1;
  private nextId = 1;
  private closed = false;

  /** `warmUpRounds`: made-up machines per thread assessed at start-up (`warmUp`); the worker's pool takes 3. */
  constructor(
    readonly size: number,
    private readonly script: string | null = compiledThreadScript(),
    private readonly warmUpRounds = 0,
  ) {}

  /** Whether calls go to threads (false: the calling thread). */
  get threaded(): boolean {
    return this.size > 0 && this.script !== null;
  }

  /**
   * `assessMachine(args)` on the least busy thread. `transfer`: buffers of `args` moved to the
   * thread instead of copied (a machine's hourly rollups, ~2 MB) — the caller must not read
   * them again; from the calling thread (no threads) they stay where they are.
   */
  assess(args: AssessArgs, transfer: readonly ArrayBuffer[] = []): Promise<MachineAssessment> {
    if (!this.threaded) return Promise.resolve().then(() => assessMachine(args));
    if (this.closed) return Promise.reject(new Error('assessment pool is closed'));
    const thread = this.leastBusy();
    const { profile, ...rest } = args;
    let profileId = this.profileIds.get(profile);
    if (profileId === undefined) {
      profileId = this.nextProfileId++;
      this.profileIds.set(profile, profileId);
    }
    const send = !thread.profiles.has(profileId);
    if (send) thread.profiles.add(profileId, true);
    const request: AssessRequest = { id: this.nextId++, profileId, ...(send ? { profile } : {}), args: rest };
    return new Promise((resolve, reject) => {
      // A thread with work keeps the process alive; an idle one must not.
      if (thread.pending.size === 0) thread.worker.ref();
      thread.pending.set(request.id, { resolve, reject });
      thread.worker.postMessage(request, transfer);
    });
  }

  /**
   * Starts the threads with the worker, not on the first machine, waits until they have loaded
   * their modules (about a second) and warms them up (`warmUp`): the worker says it has started
   * when it can assess at full speed.
   */
  async onModuleInit(): Promise<void> {
    if (!this.threaded) return;
    while (this.threads.length < this.size) this.spawn();
    await Promise.all(this.threads.map((t) => t.ready));
    await this.warmUp(this.warmUpRounds);
  }

  /**
   * Takes `rounds` made-up machines per thread through the evaluation's code (`warmUpMachine`: the
   * rollups decoded and the windows built here, the assessment on the threads), so V8 compiles it
   * now and not during the first evaluation, where it competed for the cores with the work itself
   * (about 1.5 s of the first 400-machine run on two cores). The results are dropped; a thread that
   * fails one is replaced on the next call, as after any failed machine.
   */
  async warmUp(rounds: number): Promise<void> {
    for (let r = 0; r < rounds; r++)
      await Promise.all(this.threads.map((_, i) => this.assess(warmUpMachine(1 + r * this.threads.length + i)).catch(() => undefined)));
  }

  onModuleDestroy(): Promise<void> {
    return this.close();
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.threads.splice(0).map((t) => t.worker.terminate()));
  }

  private leastBusy(): Thread {
    if (this.threads.length < this.size) return this.spawn();
    return this.threads.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
  }

  private spawn(): Thread {
    const worker = new Worker(this.script!);
    let loaded!: () => void;
    const thread: Thread = { worker, ready: new Promise((resolve) => (loaded = resolve)), pending: new Map(), profiles: new ProfileCache() };
    worker.on('message', (message: ThreadMessage) => {
      if ('ready' in message) return loaded();
      const response = message;
      const task = thread.pending.get(response.id);
      if (!task) return;
      thread.pending.delete(response.id);
      if (thread.pending.size === 0) thread.worker.unref();
      if ('assessment' in response) task.resolve(response.assessment);
      else task.reject(Object.assign(new Error(response.error.message), { stack: response.error.stack }));
    });
    // Out of memory, a crash: fail what it held and let the next call start a new thread.
    const fail = (error: Error) => {
      loaded();
      const i = this.threads.indexOf(thread);
      if (i >= 0) this.threads.splice(i, 1);
      for (const task of thread.pending.values()) task.reject(error);
      thread.pending.clear();
    };
    thread.worker.on('error', (e) => fail(new Error(`assessment thread failed: ${e.message}`)));
    thread.worker.on('exit', (code) => fail(new Error(`assessment thread exited with code ${code}`)));
    thread.worker.unref();
    this.threads.push(thread);
    return thread;
  }
}

/** The compiled thread script next to this module, or null when this module runs from its TypeScript source. */
export function compiledThreadScript(): string | null {
  const script = path.join(__dirname, 'assessment.thread.js');
  return fs.existsSync(script) ? script : null;
}
