import type { ServerResponse } from 'node:http';
import type { Event } from '../generated/prisma/client.ts';
import { MarathonError } from './errors.ts';
import { lookUp } from './event-lookups.ts';
import { LogBatches } from './log-batches.ts';
import { marathonEventsOf, sourceTypes, type MarathonEvent } from './marathon-events.ts';
import type { MarathonReply, MarathonRequest, MarathonRoute } from './route.ts';
import { attachStream } from './stream-attachments.ts';

/** A comment this often keeps proxies from closing an idle stream (Jetty's EventSource, which Marathon uses, beats every 10 s too). */
export const KEEP_ALIVE_MS = 10_000;
/** The most log events translated together (one round of lookups). */
const BATCH = 500;

/** One Server-Sent Event; `id` is the log sequence it comes from, which Last-Event-ID resumes after. */
function frame(event: MarathonEvent, id?: bigint): string {
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${event.eventType}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** Where to start: right after Last-Event-ID, or at the head of the log (an id beyond it, from another database, starts there too). */
async function startAfter({ raw, deps }: MarathonRequest): Promise<bigint> {
  const given = raw.req.headers['last-event-id'];
  const head = await deps.events.head();
  if (given === undefined || given === '') return head;
  if (typeof given !== 'string' || !/^\d{1,19}$/.test(given.trim())) {
    throw new MarathonError(400, {
      message: `Last-Event-ID: "${String(given).slice(0, 40)}" is not an id this stream sent (a sequence number of the event log)`,
    });
  }
  const after = BigInt(given.trim());
  return after > head ? head : after;
}

/**
 * GET /v2/events: Marathon's event stream, read from the event log. Each
 * event's id is its sequence in the log, so a client that reconnects with
 * Last-Event-ID gets every later event once, from whichever gateway. Repeated
 * `event_type` parameters keep only those types, as in Marathon.
 */
async function streamEvents(request: MarathonRequest): Promise<MarathonReply> {
  const {
    raw: { req, res },
    query,
    caller,
    deps,
  } = request;
  const asked = query.getAll('event_type');
  const wanted = (event: MarathonEvent) => asked.length === 0 || asked.includes(event.eventType);
  const cursor = await startAfter(request);
  const revokes = (event: Event) => event.type === 'token.revoked' && event.subject === caller.tokenId;
  // The caller's own revocation is read with the rest: it ends the stream, on every gateway.
  // A Last-Event-ID behind the log's horizon goes on from the oldest event kept: Marathon's own
  // stream replays nothing at all, and its clients read the state again when they reconnect.
  const follower = deps.events.follow(
    cursor,
    { types: [...sourceTypes(asked), 'token.revoked'], where: (event) => event.type !== 'token.revoked' || revokes(event) },
    { onCompacted: () => {} },
  );
  const send = openStream(res);
  const remoteAddress = req.socket.remoteAddress ?? '';
  const attached: MarathonEvent = { remoteAddress, eventType: 'event_stream_attached', timestamp: new Date().toISOString() };
  if (wanted(attached)) send(frame(attached, cursor));
  const detach = attachStream(deps.events, remoteAddress, (event) => wanted(event) && send(frame(event)));
  const keepAlive = setInterval(() => send(': keep-alive\n\n'), KEEP_ALIVE_MS).unref();
  const close = () => {
    clearInterval(keepAlive);
    detach();
    void follower.return?.();
  };
  res.once('close', close);
  // A client gone while the stream was set up closed it before anyone listened.
  if (req.socket.destroyed) close();
  try {
    const batches = new LogBatches(follower);
    for (let events = await batches.next(BATCH); events; events = await batches.next(BATCH)) {
      const revokedAt = events.findIndex(revokes);
      const shown = revokedAt < 0 ? events : events.slice(0, revokedAt);
      const lookups = await lookUp(deps.db.prisma, shown);
      const chunk = shown
        .flatMap((event) =>
          marathonEventsOf(event, lookups)
            .filter(wanted)
            .map((made) => frame(made, event.sequence)),
        )
        .join('');
      if (chunk && !send(chunk)) await drained(res);
      if (revokedAt >= 0) break;
    }
  } catch (error) {
    // The client reconnects with the last id it got, and misses nothing.
    deps.logger.error({ err: error }, 'the Marathon event stream failed; it is closed');
  } finally {
    close();
    if (!res.destroyed && !res.writableEnded) res.end();
  }
  return 'streamed';
}

/**
 * Starts the answer (headers now, so the client knows it is attached) and
 * returns what writes to it: false when the client has yet to take what was
 * written (wait for 'drain'); a stream already closed takes nothing more.
 */
function openStream(res: ServerResponse): (chunk: string) => boolean {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  res.flushHeaders();
  return (chunk) => res.destroyed || res.writableEnded || res.write(chunk);
}

/** Until the client has taken what was written (or is gone): a slow reader holds back the log, not the gateway's memory. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve();
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}

export const eventRoutes: MarathonRoute[] = [{ method: 'GET', path: /^\/v2\/events\/?$/, role: 'VIEWER', handle: streamEvents }];
