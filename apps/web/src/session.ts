/** The api token of this browser tab: typed once, or read once from a `#token=…` link. */
const KEY = 'fleetgate.token';

export function readToken(): string | null {
  return sessionStorage.getItem(KEY);
}

export function saveToken(token: string): void {
  sessionStorage.setItem(KEY, token.trim());
}

export function clearToken(): void {
  sessionStorage.removeItem(KEY);
}

/** The token in a URL fragment such as `#token=abc` (null when there is none). */
export function tokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token');
  return token && token.trim() ? token.trim() : null;
}

/**
 * A one-click demo link carries the token in the fragment (never sent to a server): keep it
 * in session storage and take it out of the address bar and the history entry.
 */
export function adoptTokenFromUrl(): void {
  const token = tokenFromHash(window.location.hash);
  if (!token) return;
  saveToken(token);
  window.history.replaceState(null, '', window.location.pathname + window.location.search);
}
