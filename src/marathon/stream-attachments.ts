import type { EventFeed } from '../events/index.ts';
import type { MarathonEvent } from './marathon-events.ts';

type Tell = (event: MarathonEvent) => void;

/** The event streams open on each gateway (keyed by its feed), so each can be told of the others coming and going. */
const open = new WeakMap<EventFeed, Set<Tell>>();

/**
 * Marathon's event_stream_attached and event_stream_detached, told to the
 * other streams of this gateway (they are not in the log: a stream on another
 * gateway is not told). The stream tells itself of its own attachment.
 * Returns what detaches it.
 */
export function attachStream(feed: EventFeed, remoteAddress: string, tell: Tell): () => void {
  let streams = open.get(feed);
  if (!streams) open.set(feed, (streams = new Set()));
  const announce = (eventType: string) => {
    const event = { remoteAddress, eventType, timestamp: new Date().toISOString() };
    for (const other of streams) if (other !== tell) other(event);
  };
  announce('event_stream_attached');
  streams.add(tell);
  return () => {
    if (!streams.delete(tell)) return;
    announce('event_stream_detached');
  };
}
