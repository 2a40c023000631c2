// The npm package ships no types: what the tests use of it.
declare module 'marathon-event-bus-client' {
  import { EventEmitter } from 'node:events';

  interface MarathonEventBusClientOptions {
    marathonHost?: string;
    marathonPort?: number | string;
    marathonProtocol?: 'http' | 'https';
    marathonUri?: string;
    /** Only Authorization and Content-Type are passed on */
    marathonHeaders?: Record<string, string>;
    eventTypes?: string[];
    handlers?: Record<string, (name: string, data: unknown) => void>;
  }

  class MarathonEventBusClient extends EventEmitter {
    constructor(options: MarathonEventBusClientOptions);
    subscribe(): void;
    unsubscribe(): void;
    es?: { close(): void };
  }

  export = MarathonEventBusClient;
}
