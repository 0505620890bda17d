import * as fs from 'node:fs';
import * as path from 'node:path';
import { sleep } from './processes.util';

/** Minimal fetch client for the real api, one token per call. */
export async function call<T>(url: string, token: string, method: string, route: string, body?: unknown): Promise<{ status: number; body: T; text: string }> {
  const res = await fetch(`${url}/api${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  return { status: res.status, body: parsed as T, text };
}

export async function ok<T>(url: string, token: string, method: string, route: string, body?: unknown): Promise<T> {
  const res = await call<T>(url, token, method, route, body);
  if (res.status >= 400) throw new Error(`${method} ${route} → ${res.status}: ${res.text.slice(0, 1000)}`);
  return res.body;
}

export interface RunView {
  id: string;
  status: string;
  from: string;
  to: string;
  progress: { total: number; done: number; failed: number };
}

export interface MachineResultView {
  machineId: string;
  assetId: string;
  status: 'done' | 'failed';
  verdict: string | null;
  result: {
    verdict: string;
    reasons: string[];
    coverage: { missingSignals: string[] };
    domain: Array<{ signal: string; levelShiftSigma: number; spreadRatio: number; pilotFlat?: true }>;
    performance: {
      failures: number;
      detected: number;
      recall: number;
      medianLeadTimeHours: number | string;
      medianSustainedLeadHours?: number | string;
    } | null;
  } | null;
  error: string | null;
  attempts: number;
}

export interface ReportView {
  runId: string;
  status: string;
  counts: { machines: number; evaluated: number; failed: number; verdicts: Record<string, number> };
  segments: Array<{ dimension: string; value: string; recall: { estimate: number; low: number; high: number; detected: number; failures: number } | null }>;
  validatedScope: { machineIds: string[]; assetIds: string[]; excluded: Array<{ assetId: string; verdict: string; reasons: string[] }> };
  failedMachines: Array<{ assetId: string; error: string }>;
  missingResults: number;
}

const FINISHED = ['completed', 'partial', 'failed', 'cancelled'];

/** Polls the run until it has finished (progress is counted in the database). */
export async function waitForRun(
  url: string,
  token: string,
  id: string,
  opts: { timeoutMs?: number; onPoll?: (run: RunView) => void | Promise<void> } = {},
): Promise<RunView> {
  const until = Date.now() + (opts.timeoutMs ?? 300_000);
  for (;;) {
    const run = await ok<RunView>(url, token, 'GET', `/evaluations/${id}`);
    await opts.onPoll?.(run);
    if (FINISHED.includes(run.status)) return run;
    if (Date.now() > until) throw new Error(`run ${id} still ${run.status} (${JSON.stringify(run.progress)}) after ${opts.timeoutMs ?? 300_000} ms`);
    await sleep(100);
  }
}

/** Every per-machine row of a run, through the paged `/machines` endpoint. */
export async function allMachineResults(url: string, token: string, id: string): Promise<MachineResultView[]> {
  const out: MachineResultView[] = [];
  for (let offset = 0; ; offset += 50) {
    const page = await ok<{ total: number; items: MachineResultView[] }>(url, token, 'GET', `/evaluations/${id}/machines?offset=${offset}&limit=50`);
    out.push(...page.items);
    if (page.items.length === 0 || out.length >= page.total) return out;
  }
}

/** The report text with what legitimately differs between two runs removed: the run id and times. */
export function comparableReport(text: string): unknown {
  const drop = new Set(['runId', 'createdAt', 'finishedAt', 'generatedAt', 'startedAt']);
  return JSON.parse(text, (key, value) => (drop.has(key) ? undefined : value));
}

/** Registers a trained model directory (model.onnx + fleetgate.model.json) as the ml-engineer. */
export async function registerModel(url: string, token: string, dir: string): Promise<{ id: string; version: number; sha256: string }> {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'fleetgate.model.json'), 'utf8'));
  const onnx = fs.readFileSync(path.join(dir, 'model.onnx'));
  return ok(url, token, 'POST', '/models/register', { manifest, onnxBase64: onnx.toString('base64') });
}
