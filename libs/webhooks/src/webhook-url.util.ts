import { isIP } from 'node:net';

export interface UrlCheck {
  ok: boolean;
  reason?: string;
}

/**
 * Webhook targets: absolute http(s) URLs without credentials or fragment, whose host is a name
 * or a public address. Loopback, private, link-local (cloud metadata), carrier-grade NAT,
 * unspecified and multicast addresses — and `localhost` — are refused unless `allowPrivate`
 * (FLEETGATE_WEBHOOK_ALLOW_PRIVATE, for tests and closed networks). Names are not resolved here.
 */
export function checkWebhookUrl(raw: unknown, allowPrivate = false): UrlCheck {
  if (typeof raw !== 'string' || raw.trim() === '') return { ok: false, reason: 'must be a URL' };
  if (raw.length > 2000) return { ok: false, reason: 'must be at most 2000 characters' };
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return { ok: false, reason: 'must be an absolute URL' };
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return { ok: false, reason: `scheme must be https or http, got "${u.protocol.replace(/:$/, '')}"` };
  if (u.username || u.password) return { ok: false, reason: 'must not carry credentials (put them in the secret)' };
  if (u.hash) return { ok: false, reason: 'must not have a fragment' };
  const host = u.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (!host) return { ok: false, reason: 'must name a host' };
  if (allowPrivate) return { ok: true };
  if (host === 'localhost' || host.endsWith('.localhost')) return { ok: false, reason: 'must not point at localhost' };
  if (isPrivateAddress(host)) return { ok: false, reason: `must not point at a private, loopback or link-local address (${host})` };
  return { ok: true };
}

/** True for an IP literal in a non-public range (IPv4, IPv6 and IPv4-mapped IPv6). */
export function isPrivateAddress(host: string): boolean {
  const kind = isIP(host);
  if (kind === 4) return privateV4(host);
  if (kind !== 6) return false;
  const h = host.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h);
  if (mapped) return privateV4(mapped[1]);
  const hexMapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(h);
  if (hexMapped) {
    const hi = parseInt(hexMapped[1], 16);
    const lo = parseInt(hexMapped[2], 16);
    return privateV4(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
  }
  if (h === '::' || h === '::1') return true;
  const first = parseInt(h.split(':')[0] || '0', 16);
  return (first & 0xfe00) === 0xfc00 /* fc00::/7 unique local */ || (first & 0xffc0) === 0xfe80 /* fe80::/10 link-local */ || (first & 0xff00) === 0xff00;
}

function privateV4(host: string): boolean {
  const [a, b] = host.split('.').map(Number);
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 198 && (b === 18 || b === 19)) ||
    a >= 224
  );
}
