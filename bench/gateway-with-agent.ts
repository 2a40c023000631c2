import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatewayClient } from '../src/client/index.ts';
import { newSecret } from '../src/tokens/index.ts';
import { onCleanup } from './cleanup.ts';
import { startGatewayProcess, type GatewayUnderTest } from './gateway-under-test.ts';
import type { BenchOptions } from './options.ts';
import { scratchDatabase, type ScratchDatabase } from './scratch-database.ts';

export interface GatewayWithAgent {
  database: ScratchDatabase['kind'];
  gateway: GatewayUnderTest;
  client: GatewayClient;
  /** Closes the client, stops the gateway, removes the agent's work dir and drops the database, in that order. */
  stop(): Promise<void>;
}

/**
 * A gateway on a scratch database with a real local agent in its process, as `corral dev`
 * runs them; stopped at cleanup at the latest.
 */
export async function startGatewayWithAgent(options: BenchOptions): Promise<GatewayWithAgent> {
  const scratch = await scratchDatabase(options.database);
  const dropDatabase = onCleanup(() => scratch.drop());
  const workDir = mkdtempSync(join(tmpdir(), 'corral-bench-agent-'));
  const removeWorkDir = onCleanup(() => rmSync(workDir, { recursive: true, force: true }));
  const gateway = await startGatewayProcess(
    { target: scratch.target, agentToken: newSecret('agent'), localAgent: { workDir } },
    { form: options.gatewayForm, profileDir: options.profileDir },
  );
  const client = new GatewayClient({ url: gateway.url });
  const closeClient = onCleanup(() => client.close());
  return {
    database: scratch.kind,
    gateway,
    client,
    stop: async () => {
      await closeClient();
      await gateway.stop();
      await removeWorkDir();
      await dropDatabase();
    },
  };
}
