import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export type Scheme = 'http' | 'https';

/**
 * GETs http(s)://host:port/path and answers the final status code. 1xx
 * interim answers (100 Continue) are skipped, as a browser would. HTTPS
 * certificates are not verified: tasks commonly serve self-signed ones, and
 * Marathon's and Mesos' HTTPS checks do not verify them either.
 */
export function probe(scheme: Scheme, host: string, port: number, path: string, signal: AbortSignal): Promise<number> {
  const request = scheme === 'https' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host, port, path, method: 'GET', signal, rejectUnauthorized: false, agent: false, headers: { 'user-agent': 'corral-health-check' } },
      (response) => {
        response.resume(); // the body does not matter; drain it so the socket closes
        response.once('end', () => resolve(response.statusCode ?? 0));
        response.once('error', reject);
      },
    );
    outgoing.once('error', (error: NodeJS.ErrnoException) => reject(new Error(describe(error))));
    outgoing.end();
  });
}

/** "connection refused" reads better in a task's health cause than "connect ECONNREFUSED 127.0.0.1:31000". */
function describe(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
      return 'connection reset';
    case 'ABORT_ERR':
      return 'aborted';
    default:
      return error.message;
  }
}
