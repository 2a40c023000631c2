import pg from 'pg';

export interface ScratchServerDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A new, empty database on the PostgreSQL server `serverUrl` names (its role
 * may create databases), for a test or benchmark run that must not see
 * another's rows; `drop` removes it, connections and all.
 */
export async function createScratchDatabase(serverUrl: string, prefix: string): Promise<ScratchServerDatabase> {
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await onServer(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => dropDatabase(serverUrl, name) };
}

/**
 * DROP ... WITH (FORCE) ends the database's connections, but only those its role may end: an
 * autovacuum worker busy there at that moment (the server's own) makes it fail with 42501, and
 * the worker is gone a moment later. So it is tried again, a few times.
 */
async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } catch (error) {
      if ((error as { code?: string }).code !== '42501' || attempt >= 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

async function onServer(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
