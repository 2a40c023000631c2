import pino from 'pino';
import { GatewayClient } from '../../src/client/index.ts';
import { openDatabase, type Database } from '../../src/db/index.ts';
import { startGateway, type Gateway, type GatewayOptions } from '../../src/server/index.ts';
import { scratchDatabase, type DatabaseKind, type ScratchDatabase } from './databases.ts';

export interface TestGateway {
  gateway: Gateway;
  db: Database;
  client: GatewayClient;
  stop(): Promise<void>;
}

/** What a test may set of a gateway beyond its database */
export type TestGatewayOptions = Partial<
  Pick<GatewayOptions, 'eventSweepMs' | 'eventRetention' | 'unreachableAfterMs' | 'limits' | 'adminToken' | 'tokensRequired'>
>;

/** A gateway in this process on the given database, on a free port. `stop` leaves the database in place. */
export async function startTestGateway(scratch: ScratchDatabase, options: TestGatewayOptions = {}): Promise<TestGateway> {
  const db = await openDatabase(scratch.target);
  const gateway = await startGateway({ db, host: '127.0.0.1', port: 0, logger: pino({ level: 'warn' }), ...options });
  const client = new GatewayClient({ url: gateway.url });
  return {
    gateway,
    db,
    client,
    stop: async () => {
      await client.close();
      await gateway.close();
      await db.close();
    },
  };
}

/** A scratch database of `kind` with a gateway on it; `stop` drops both. */
export async function gatewayOnScratch(kind: DatabaseKind, options: TestGatewayOptions = {}): Promise<TestGateway & { scratch: ScratchDatabase }> {
  const scratch = await scratchDatabase(kind);
  const started = await startTestGateway(scratch, options);
  return {
    ...started,
    scratch,
    stop: async () => {
      await started.stop();
      await scratch.drop();
    },
  };
}
