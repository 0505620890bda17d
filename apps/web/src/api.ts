import { clearToken, readToken } from './session';

/** An api answer other than 2xx, or no answer at all: `message` is what the api said. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.status ? `${error.message} (HTTP ${error.status}${error.code ? `, ${error.code}` : ''})` : error.message;
  return error instanceof Error ? error.message : String(error);
}

async function toError(res: Response): Promise<ApiError> {
  const text = await res.text();
  try {
    const body = JSON.parse(text) as { message?: unknown; code?: string; errors?: Array<{ field?: string; message?: string }> };
    const details = (body.errors ?? []).map((e) => [e.field, e.message].filter(Boolean).join(': ')).filter(Boolean);
    const message = Array.isArray(body.message) ? body.message.join('; ') : String(body.message ?? res.statusText);
    return new ApiError(res.status, details.length && !message.includes(details[0]) ? `${message} — ${details.join('; ')}` : message, body.code);
  } catch {
    return new ApiError(res.status, text.slice(0, 300) || res.statusText);
  }
}

export async function apiFetch(route: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const token = readToken();
  if (token) headers.set('Authorization', `Bearer ${token}`);
  if (init.body && typeof init.body === 'string' && !headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
  let res: Response;
  try {
    res = await fetch(`/api${route}`, { ...init, headers });
  } catch (error) {
    throw new ApiError(0, `the api did not answer: ${(error as Error).message}`);
  }
  if (res.status === 401) {
    const err = await toError(res);
    clearToken();
    window.dispatchEvent(new CustomEvent('fleetgate:logout', { detail: err }));
    throw err;
  }
  if (!res.ok) throw await toError(res);
  return res;
}

export async function api<T>(route: string, init: RequestInit = {}): Promise<T> {
  const res = await apiFetch(route, init);
  const text = await res.text();
  return (text ? JSON.parse(text) : null) as T;
}

export const post = <T>(route: string, body: unknown): Promise<T> => api<T>(route, { method: 'POST', body: JSON.stringify(body ?? {}) });

/** Query string from the defined entries. */
export function qs(params: Record<string, string | number | undefined | null>): string {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '') as Array<[string, string | number]>;
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]): [string, string] => [k, String(v)])).toString()}` : '';
}
