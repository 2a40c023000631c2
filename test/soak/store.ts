import pg from 'pg';

/** Task states that hold an agent's resources and host ports (tasks/states.ts activeStates). */
export const ACTIVE = `('STAGING','STARTING','RUNNING','KILLING','UNREACHABLE')`;

/** Reads the store directly (the checker's ground truth), with one connection opened per question: PostgreSQL may be restarting. */
export async function query<Row extends object>(databaseUrl: string, sql: string, params: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return (await client.query<Row>(sql, params)).rows;
  } finally {
    await client.end().catch(() => undefined);
  }
}
