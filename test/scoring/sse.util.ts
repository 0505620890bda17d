/** One Server-Sent Event as a test reads it. */
export interface SseEvent {
  id: number;
  type: string;
  data: Record<string, unknown>;
}

/**
 * A stream opened with fetch and the Authorization header (as the console does; EventSource
 * cannot send it). Collects events until `close()`; SSE never ends on its own.
 */
export class SseClient {
  readonly events: SseEvent[] = [];
  status = 0;
  private readonly abort = new AbortController();
  private done: Promise<void> = Promise.resolve();

  static async open(url: string, token: string, lastEventId?: number): Promise<SseClient> {
    const c = new SseClient();
    const res = await fetch(`${url}/api/stream`, {
      headers: { authorization: `Bearer ${token}`, ...(lastEventId !== undefined ? { 'last-event-id': String(lastEventId) } : {}) },
      signal: c.abort.signal,
    });
    c.status = res.status;
    if (res.ok && res.body) c.done = c.read(res.body);
    return c;
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let at: number;
        while ((at = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          const fields = new Map<string, string>();
          for (const line of block.split('\n')) {
            if (!line || line.startsWith(':')) continue;
            const i = line.indexOf(':');
            fields.set(line.slice(0, i), line.slice(i + 1).trimStart());
          }
          if (fields.has('id') && fields.has('data')) {
            this.events.push({
              id: Number(fields.get('id')),
              type: fields.get('event') ?? 'message',
              data: JSON.parse(fields.get('data')!) as Record<string, unknown>,
            });
          }
        }
      }
    } catch {
      // aborted
    }
  }

  /** Waits until an event matching `pred` arrived (the test's own timeout bounds it). */
  async waitFor(pred: (e: SseEvent) => boolean): Promise<SseEvent> {
    for (;;) {
      const hit = this.events.find(pred);
      if (hit) return hit;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.done;
  }
}
