/** One answer of Marathon's REST API: status, headers, and the body (JSON parsed, else the text; undefined when empty). */
export interface RestAnswer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** Sends a request to the gateway's Marathon API as its clients do (JSON in, JSON out). */
export async function rest<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<RestAnswer<T>> {
  const response = await fetch(baseUrl + path, {
    method,
    headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text === '' ? undefined : text;
  if (response.headers.get('content-type')?.includes('json') && text !== '') parsed = JSON.parse(text);
  return { status: response.status, headers: response.headers, body: parsed as T };
}
