/** A tiny api client for the demo, with a token per call (the demo acts as several users). */
export class DemoApi {
  constructor(readonly url: string) {}

  async call<T>(token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
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
