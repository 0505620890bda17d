import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Cleanup, REPO_ROOT, stopChild } from './bench-env.util';

/** The system's Python unless BENCH_PYTHON names another (one with numpy and scipy, say). */
export const PYTHON = process.env.BENCH_PYTHON || '/usr/bin/python3';
/** The peer script lives beside the repository, in the shared folder. */
export const PEER_SCRIPT = path.resolve(REPO_ROOT, '..', 'shared', 'bench', 'peer_numpy.py');

export interface NotebookResult {
  machines: number;
  days: number;
  signals: number;
  samples: number;
  windows: number;
  features_s: number;
  inference_s: number;
  drift_s: number;
  total_s_excluding_datagen: number;
  /** Wall time of the whole script, data generation included. */
  wallSeconds: number;
}

export type NotebookOutcome = { ran: true; result: NotebookResult } | { ran: false; reason: string };

/**
 * Step 7: the notebook way (numpy + scipy, everything in memory) on a fleet of the same
 * shape. OpenBLAS tuning variables set on some hosts slow numpy down a lot, so they are
 * unset for this child only.
 */
export async function runNotebook(machines: number, days: number, signals: number, cleanup: Cleanup): Promise<NotebookOutcome> {
  if (!fs.existsSync(PEER_SCRIPT)) return { ran: false, reason: `peer script not found at ${PEER_SCRIPT}` };
  if (!fs.existsSync(PYTHON)) return { ran: false, reason: `${PYTHON} not found` };
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const probe = spawnSync(PYTHON, ['-c', 'import numpy, scipy'], { env, encoding: 'utf8' });
  if (probe.status !== 0) return { ran: false, reason: `${PYTHON} cannot import numpy/scipy: ${probe.stderr.trim().split('\n').pop()}` };

  // ~0.5 s per 90-day machine on a 2-core host; allow four times that, never under 10 minutes.
  const timeoutMs = Math.max(10 * 60_000, machines * days * 25);
  const started = process.hrtime.bigint();
  const child = spawn(PYTHON, [PEER_SCRIPT, String(machines), String(days), String(signals)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  cleanup.add(`stop notebook (pid ${child.pid})`, () => stopChild(child, 2000));
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  clearTimeout(timer);
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (code !== 0) return { ran: false, reason: `peer script exited with ${code ?? 'a signal (timeout?)'}: ${err.trim().split('\n').slice(-3).join(' | ')}` };
  const line = out
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.trim().startsWith('{'));
  if (!line) return { ran: false, reason: `peer script printed no JSON line: ${out.slice(0, 200)}` };
  return { ran: true, result: { ...(JSON.parse(line) as Omit<NotebookResult, 'wallSeconds'>), wallSeconds } };
}
