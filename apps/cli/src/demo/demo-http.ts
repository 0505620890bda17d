const BUSY_ATTEMPTS = 4;

/** A tiny api client for the demo, with a token per call (the demo acts as several users). */
export class DemoApi {
  constructor(readonly url: string) {}

  /** A 503 DATABASE_BUSY (the embedded database's lock held by the worker) wrote nothing: it is sent again, a few times. */
  async call<T>(token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    for (let attempt = 1; ; attempt++) {
      const res = await this.once<T & { code?: string }>(token, method, path, body);
      if (res.status !== 503 || res.body?.code !== 'DATABASE_BUSY' || attempt >= BUSY_ATTEMPTS) return res;
      await new Promise((r) => setTimeout(r, 1000 * attempt));
    }
  }

  private async once<T>(token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.url}/api${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  async ok<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.call<T & { message?: string }>(token, method, path, body);
    if (res.status >= 400) throw new Error(`${method} ${path} → ${res.status}: ${res.body?.message ?? ''}`);
    return res.body;
  }
}
