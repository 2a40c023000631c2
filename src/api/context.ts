import type { Database } from '../db/index.ts';
import type { EventFeed } from '../events/index.ts';
import type { RepositoryAccess } from '../catalog/index.ts';
import type { Caller } from '../tokens/index.ts';

/** Reads a file in a task's sandbox, through the agent that runs it. */
export interface SandboxFileReader {
  read(agentId: string, taskId: string, path: string, offset: number, length: number): Promise<{ data: Buffer; size: number }>;
}

/** What every resolver gets: the database and the event feed of this gateway. */
export interface GatewayContext {
  db: Database;
  events: EventFeed;
  sandboxFiles: SandboxFileReader;
  /** Which hosts catalog repositories may be fetched from (--allow-internal-repositories) */
  repositoryAccess: RepositoryAccess;
  /** Who asks: the role of the request's token */
  caller: Caller;
  /** Aborted when the request (or the subscription's socket) ends. */
  signal?: AbortSignal;
}
