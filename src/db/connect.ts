import { mkdirSync, accessSync, constants } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaClient } from '../generated/prisma/client.ts';
import { StartupError } from './startup-error.ts';
import { pgliteSql, poolSql, type PlainSql } from './plain-sql.ts';
import { sendingWithTheCommit } from './with-the-commit.ts';
import { StatementCount } from './statement-count.ts';

export type DatabaseTarget = { url: string } | { dataDir: string } | { memory: true };

/** The raw SQL side of a database, used by the migration runner and LISTEN. */
export interface SqlSession {
  exec(sql: string): Promise<void>;
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
}

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  readonly prisma: PrismaClient;
  /** Plain SQL on the same database, for the hot paths (plain-sql.ts): every poll's reads and writes. */
  readonly sql: PlainSql;
  /** The driver adapter behind `prisma`, for the schema engine. */
  readonly adapter: SqlMigrationAwareDriverAdapterFactory;
  /** Runs `fn` on one connection of its own (advisory locks are per connection). */
  withSession<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
  /**
   * Calls `onNotify` for every NOTIFY on `channel`, from any process on this database. A lost
   * connection is made again; `onNotify('')` then says notifications may have been missed.
   */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  /**
   * Tries to take a session-level advisory lock that is held until released
   * or until its connection is lost (then `onLost` runs): a leader lease.
   * null when another session holds it.
   */
  tryLease(key: number, onLost: () => void): Promise<Lease | null>;
  /** Holds `key` shared on a connection of its own, taken again when the connection is lost. */
  present(key: number): Promise<Presence>;
  /** How many SQL statements this process has sent on this database so far (for /metrics). */
  statementsSent(): number;
  close(): Promise<void>;
}

export interface Lease {
  release(): Promise<void>;
}

/** This process's mark among those that hold the same key (gateways sharing a database), kept until it leaves. */
export interface Presence {
  /** How many other processes hold the key now */
  others(): Promise<number>;
  leave(): Promise<void>;
}

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  return 'url' in target ? openPostgres(target.url) : openPGlite('dataDir' in target ? target.dataDir : undefined);
}

async function openPGlite(dataDir: string | undefined): Promise<Database> {
  if (dataDir) ensureWritableDir(dataDir);
  // Imported here, not at the top: loading PGlite costs some 40 MB of memory that a gateway on
  // PostgreSQL never needs.
  const [{ PGlite }, { PrismaPGlite }] = await Promise.all([import('@electric-sql/pglite'), import('pglite-prisma-adapter')]);
  let lite: PGlite;
  try {
    // PostgreSQL's default 128 MB of shared buffers, in wasm memory that never shrinks, is most of
    // `corral dev`'s memory; Corral's working set fits in far less (bench/README.md, idle-memory).
    lite = await PGlite.create(dataDir, { postgresqlconf: ['shared_buffers = 32MB'] });
  } catch (error) {
    throw new StartupError(`cannot open the embedded database in ${dataDir}: ${(error as Error).message}`);
  }
  const statements = new StatementCount();
  const adapter = statements.adapter(new PrismaPGlite(lite));
  const prisma = new PrismaClient({ adapter });
  const turns = new Turns();
  const session: SqlSession = {
    exec: async (sql) => void (statements.add(), await lite.exec(sql)),
    query: async <Row>(sql: string, params?: unknown[]) => (statements.add(), await lite.query<Row>(sql, params)).rows,
  };
  return {
    kind: 'pglite',
    prisma,
    sql: pgliteSql(lite, statements),
    adapter,
    // PGlite is one connection: sessions take turns.
    withSession: (fn) => turns.run(() => fn(session)),
    listen: async (channel, onNotify) => {
      const unlisten = await lite.listen(channel, onNotify);
      return async () => unlisten();
    },
    // One process owns an embedded database: it always leads, and is alone.
    tryLease: async () => ({ release: async () => undefined }),
    present: async () => ({ others: async () => 0, leave: async () => undefined }),
    statementsSent: () => statements.sent,
    close: async () => {
      await prisma.$disconnect();
      await lite.close();
    },
  };
}

class Turns {
  private last: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.last.then(fn, fn);
    this.last = next.catch(() => undefined);
    return next;
  }
}

async function openPostgres(url: string): Promise<Database> {
  const pool = new CatalogFriendlyPool({ connectionString: url, max: 10 });
  pool.on('error', () => undefined); // a dropped idle connection is replaced on next use
  // The pool listens for errors only on the connections it holds. One lent out (a transaction, a
  // session) between two statements when the server goes away would emit its error to nobody, and
  // the process would crash: a fast PostgreSQL shutdown ended a gateway so. Its next statement fails
  // instead, and the broken connection is dropped when given back.
  pool.on('connect', (client) => client.on('error', () => undefined));
  try {
    const probe = await pool.connect();
    probe.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new StartupError(`cannot connect to PostgreSQL at ${redactUrl(url)}: ${(error as Error).message}`);
  }
  const statements = new StatementCount();
  const adapter = statements.adapter(sendingWithTheCommit(new PrismaPg(pool)));
  const prisma = new PrismaClient({ adapter });
  const listeners: pg.Client[] = [];
  /** Per lease key, the connection of the last try that did not get it */
  const triedLeases = new Map<number, pg.Client>();
  let closing = false;
  const sessions = { closing: () => closing, clients: listeners };
  const plain = poolSql(pool, statements);
  return {
    kind: 'postgres',
    prisma,
    sql: plain,
    adapter,
    withSession: async (fn) => {
      const client = await pool.connect();
      try {
        return await fn(pgSession(client, statements));
      } finally {
        client.release();
      }
    },
    listen: async (channel, onNotify) => {
      const session = await keptSession(
        url,
        async (client) => {
          client.on('notification', (message) => {
            if (message.channel === channel) onNotify(message.payload ?? '');
          });
          await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
        },
        // Notifications of the meantime are lost: onNotify('') says so.
        () => onNotify(''),
        sessions,
      );
      return () => session.end();
    },
    present: async (key) => {
      // Shared: every gateway holds it at once, and the lock goes with its connection when the gateway does.
      const session = await keptSession(
        url,
        async (client) => void (await client.query('SELECT pg_advisory_lock_shared($1)', [key])),
        () => undefined,
        sessions,
      );
      return {
        others: async () => {
          const [row] = await plain.query<{ holders: number }>(
            `SELECT count(*)::int AS holders FROM pg_locks
              WHERE locktype = 'advisory' AND mode = 'ShareLock' AND granted
                AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                AND classid = 0 AND objid = $1::bigint::oid AND objsubid = 1`,
            [key],
          );
          return Math.max(0, (row?.holders ?? 0) - (session.connected() ? 1 : 0));
        },
        leave: () => session.end(),
      };
    },
    tryLease: async (key, onLost) => {
      // The connection of a try that failed waits for the next try: a follower asks every second, and a
      // connection made for each ask (a backend started, a SCRAM handshake on both sides) was a
      // follower's costliest work in a burst (bench/README.md, scale).
      let client = triedLeases.get(key);
      triedLeases.delete(key);
      if (!client) {
        const made = new pg.Client({ connectionString: url });
        made.on('error', () => undefined);
        made.once('end', () => {
          if (triedLeases.get(key) === made) triedLeases.delete(key);
        });
        try {
          await made.connect();
        } catch (error) {
          await made.end().catch(() => undefined);
          throw error;
        }
        client = made;
      }
      let locked: boolean | undefined;
      try {
        locked = (await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [key])).rows[0]?.locked;
      } catch (error) {
        await client.end().catch(() => undefined);
        throw error;
      }
      if (!locked) {
        if (closing) await client.end().catch(() => undefined);
        else triedLeases.set(key, client);
        return null;
      }
      let released = false;
      client.on('end', () => {
        if (!released) onLost();
      });
      listeners.push(client);
      return {
        release: async () => {
          released = true;
          listeners.splice(listeners.indexOf(client), 1);
          await client.end().catch(() => undefined);
        },
      };
    },
    statementsSent: () => statements.sent,
    close: async () => {
      closing = true;
      const tried = [...triedLeases.values()];
      triedLeases.clear();
      await Promise.all([...listeners.splice(0), ...tried].map((client) => client.end().catch(() => undefined)));
      await prisma.$disconnect();
      await pool.end().catch(() => undefined);
    },
  };
}

const CHAR_OID = 18;
const TEXT_OID = 25;

/**
 * The schema engine reads PostgreSQL's catalog, whose one-byte "char" columns
 * (relkind, contype, ...) the Prisma pg adapter cannot map; seen as text they
 * read fine. Corral's own tables have no "char" column, so nothing else changes.
 */
class CatalogFriendlyPool extends pg.Pool {
  override query(...args: unknown[]): never {
    const result = (super.query as (...inner: unknown[]) => unknown)(...args);
    if (result instanceof Promise) return result.then(charAsText) as never;
    return result as never;
  }
}

function charAsText<T>(result: T): T {
  for (const field of (result as { fields?: { dataTypeID: number }[] }).fields ?? []) {
    if (field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
  }
  return result;
}

function pgSession(client: pg.PoolClient, statements: StatementCount): SqlSession {
  return {
    exec: async (sql) => void (statements.add(), await client.query(sql)),
    query: async <Row>(sql: string, params?: unknown[]) => (statements.add(), await client.query(sql, params)).rows as Row[],
  };
}

function ensureWritableDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch {
    throw new StartupError(`data directory ${dir} is not writable`);
  }
}

/** A URL as it may be shown to people: without its password. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable database URL>';
  }
}

interface KeptSessions {
  closing(): boolean;
  /** Connections of their own, which the database ends when it closes */
  clients: pg.Client[];
}

/**
 * A connection of its own, prepared by `prepare` (LISTEN, a shared lock), made and prepared again
 * when the server went away (a restart, a dropped connection) once it answers; then `again` runs.
 */
async function keptSession(url: string, prepare: (client: pg.Client) => Promise<void>, again: () => void, sessions: KeptSessions) {
  let stopped = false;
  let client: pg.Client | undefined;
  let alive = false;
  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url });
    next.on('error', () => undefined);
    try {
      await next.connect();
      await prepare(next);
    } catch (error) {
      await next.end().catch(() => undefined);
      throw error;
    }
    if (stopped || sessions.closing()) return void (await next.end().catch(() => undefined));
    const index = client ? sessions.clients.indexOf(client) : -1;
    if (index >= 0) sessions.clients.splice(index, 1, next);
    else sessions.clients.push(next);
    client = next;
    alive = true;
    next.once('end', () => {
      alive = false;
      void reconnect();
    });
  };
  const reconnect = async () => {
    for (let attempt = 0; !stopped && !sessions.closing(); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 100 * 2 ** attempt)).unref());
      if (stopped || sessions.closing()) return;
      try {
        await connect();
        again();
        return;
      } catch {
        // still away
      }
    }
  };
  await connect();
  return {
    connected: () => alive,
    end: async () => {
      stopped = true;
      const current = client;
      const index = current ? sessions.clients.indexOf(current) : -1;
      if (index >= 0) sessions.clients.splice(index, 1);
      await current?.end().catch(() => undefined);
    },
  };
}
