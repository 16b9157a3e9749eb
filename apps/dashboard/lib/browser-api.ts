'use client';

/**
 * Calls the API from the browser, on the same origin, with the user's
 * credentials. The browser adds `Origin` to writes, which is how the server
 * tells them from another site's forged ones (see reject-cross-site-writes).
 */
export async function browserApi<T>(path: string, body?: unknown, method?: string): Promise<T> {
  const response = await fetch(path, {
    method: method ?? (body === undefined ? 'GET' : 'POST'),
    headers: { 'content-type': 'application/json' },
    credentials: 'same-origin',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  let json: unknown = {};
  try {
    json = text === '' ? {} : JSON.parse(text);
  } catch {
    json = { message: text.slice(0, 300) };
  }
  if (!response.ok) {
    const error = json as { error_code?: string; message?: string };
    throw new Error(`${error.error_code ?? response.status}: ${error.message ?? response.statusText}`);
  }
  return json as T;
}
