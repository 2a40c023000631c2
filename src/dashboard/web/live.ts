import { useEffect, useRef, useState } from 'preact/hooks';
import { DashboardEventsDocument, FollowEventsDocument, type EventFieldsFragment, type TypedDocumentString } from '../../client/generated/graphql.ts';
import { request, subscriptionClient } from './api.ts';

// Liveness: the page follows the event log over graphql-ws and refetches what
// an event may have changed. No polling, no reload: every change in the
// cluster is an event, so an event is the one signal the page needs.

export type LogEvent = EventFieldsFragment;
export type Connection = 'connecting' | 'live' | 'reconnecting';

/** `undefined`: the feed (re)connected and may have missed anything, so everything refetches. */
type Listener = (event: LogEvent | undefined) => void;

const recentLimit = 100;
const listeners = new Set<Listener>();
const recentListeners = new Set<(events: LogEvent[]) => void>();
const connectionListeners = new Set<(connection: Connection) => void>();
let recent: LogEvent[] = [];
let connection: Connection = 'connecting';
let started = false;

function setConnection(next: Connection) {
  connection = next;
  for (const listener of connectionListeners) listener(next);
}

function publish(event: LogEvent | undefined) {
  if (event) setRecent([...recent.slice(-(recentLimit - 1)), event]);
  for (const listener of listeners) listener(event);
}

function setRecent(events: LogEvent[]) {
  recent = events;
  for (const listener of recentListeners) listener(events);
}

/** Loads the recent events, then follows the log from the newest one, resuming after the last one seen whenever the socket comes back. */
export function startEventFeed(): void {
  if (started) return;
  started = true;
  void follow();
}

async function follow() {
  let last: string | undefined;
  let retryMs = 500;
  const client = subscriptionClient((connected) => {
    if (connected) {
      retryMs = 500;
      setConnection('live');
      publish(undefined);
    }
  });
  for (;;) {
    try {
      if (last === undefined) {
        const { events } = await request(DashboardEventsDocument, { last: 50 });
        setRecent(events.edges.map((edge) => edge.node));
        // An empty log: follow from its start, so an event written meanwhile is not missed.
        last = recent.at(-1)?.sequence ?? '0';
      }
      await new Promise<void>((resolve) => {
        client.subscribe<{ events: LogEvent }>(
          { query: FollowEventsDocument.toString(), variables: { after: last } },
          {
            next: ({ data }) => {
              if (!data || BigInt(data.events.sequence) <= BigInt(last!)) return;
              last = data.events.sequence;
              publish(data.events);
            },
            error: () => resolve(),
            complete: () => resolve(),
          },
        );
      });
    } catch {
      // the gateway is away: try again below
    }
    setConnection('reconnecting');
    await new Promise((resolve) => setTimeout(resolve, retryMs));
    retryMs = Math.min(retryMs * 2, 10_000);
  }
}

export function useConnection(): Connection {
  const [value, setValue] = useState(connection);
  useEffect(() => {
    connectionListeners.add(setValue);
    return () => void connectionListeners.delete(setValue);
  }, []);
  return value;
}

/** The newest events, oldest first, kept current. */
export function useRecentEvents(): LogEvent[] {
  const [value, setValue] = useState(recent);
  useEffect(() => {
    recentListeners.add(setValue);
    setValue(recent);
    return () => void recentListeners.delete(setValue);
  }, []);
  return value;
}

/** Calls `listener` for each event of the log (and with undefined after a reconnect). */
export function useEvents(listener: Listener): void {
  const current = useRef(listener);
  current.current = listener;
  useEffect(() => {
    const forward: Listener = (event) => current.current(event);
    listeners.add(forward);
    return () => void listeners.delete(forward);
  }, []);
}

export interface LiveQuery<Result> {
  data?: Result;
  /** Why the last load failed; the last data stays shown. */
  error?: string;
  /** Loads again now (after an action, without waiting for its event). */
  refresh(): void;
}

// Events come in bursts (a deployment step writes several): one refetch per burst.
const settleMs = 100;

/**
 * The result of a query, loaded at once and again after each event that
 * `concerns` says may change it. Loads never overlap: an event during a load
 * makes one more load after it.
 */
export function useLiveQuery<Result, Variables>(
  document: TypedDocumentString<Result, Variables>,
  variables: Variables,
  concerns: (event: LogEvent) => boolean,
): LiveQuery<Result> {
  const [state, setState] = useState<{ data?: Result; error?: string }>({});
  const key = JSON.stringify(variables);
  const concernsRef = useRef(concerns);
  concernsRef.current = concerns;
  const schedule = useRef<() => void>(() => undefined);

  useEffect(() => {
    let stopped = false;
    let loading = false;
    let again = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      if (loading) {
        again = true;
        return;
      }
      loading = true;
      try {
        const data = await request(document, variables);
        if (!stopped) setState({ data });
      } catch (error) {
        if (!stopped) setState((previous) => ({ ...previous, error: (error as Error).message }));
      } finally {
        loading = false;
        if (again && !stopped) {
          again = false;
          void load();
        }
      }
    };
    schedule.current = () => {
      timer ??= setTimeout(() => {
        timer = undefined;
        void load();
      }, settleMs);
    };
    void load();
    const listener: Listener = (event) => {
      if (!event || concernsRef.current(event)) schedule.current();
    };
    listeners.add(listener);
    return () => {
      stopped = true;
      clearTimeout(timer);
      listeners.delete(listener);
    };
    // `key` stands for `variables`: a new object with the same values is the same query.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [document, key]);

  return { ...state, refresh: () => schedule.current() };
}

/** Event types by their first part: app.created → app. */
export function eventDomain(event: { type: string }): string {
  return event.type.split('.')[0] ?? event.type;
}
