import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../http/index.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;

const refusal = (status: number, message: string, code: string) => ({ status, body: { errors: [{ message, extensions: { code } }] } });

/**
 * Refuses a body larger than `maxBytes` with 413 before the API reads any of
 * it, by its Content-Length. A body without one (chunked) is refused with 411:
 * every GraphQL client sends the length, and counting a stream here would
 * race the API's own reader.
 */
export function limitBody(next: Handler, maxBytes: number): Handler {
  return (req, res) => {
    const length = req.headers['content-length'];
    const chunked = req.method === 'POST' && length === undefined && req.headers['transfer-encoding'] !== undefined;
    const refused = chunked
      ? refusal(411, 'send the request body with a Content-Length', 'LENGTH_REQUIRED')
      : Number(length ?? 0) > maxBytes
        ? refusal(413, `request body too large: ${length} bytes, at most ${maxBytes}`, 'PAYLOAD_TOO_LARGE')
        : undefined;
    if (!refused) return next(req, res);
    req.resume();
    sendJson(res, refused.status, refused.body);
  };
}
