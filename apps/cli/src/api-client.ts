import { loadConfig } from '@fleetgate/config';
import { CliError } from './cli-context';

/**
 * Calls the running api with FLEETGATE_URL / FLEETGATE_TOKEN; a 4xx becomes exit code 2 with the api's details.
 * A `FormData` body goes as multipart/form-data (file uploads), anything else as JSON.
 */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const config = loadConfig();
  if (!config.apiToken) throw new CliError('FLEETGATE_TOKEN is not set (create a user with `users create` and export its token)', 2);
  let res: Response;
  try {
    res = await fetch(`${config.apiUrl.replace(/\/$/, '')}/api${path}`, {
      method,
      headers: {
        authorization: `Bearer ${config.apiToken}`,
        ...(body === undefined || body instanceof FormData ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
    });
  } catch (error) {
    throw new CliError(`cannot reach the api at ${config.apiUrl} (${(error as Error).message}); start it with \`npm run start:api\` or set FLEETGATE_URL`, 1);
  }
  const text = await res.text();
  const data = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    const message = (data && (data.message as string)) || `${res.status} ${res.statusText}`;
    throw new CliError(`${res.status}: ${message}`, res.status < 500 ? 2 : 1, data?.errors ?? []);
  }
  return data as T;
}
