import pg from 'pg';
import { parseInt8, type Db, type Queryable, type QueryResult } from './db';

const INT8_OID = 20;
const INT8_ARRAY_OID = 1016;

function typeParsers(): pg.CustomTypesConfig {
  const parseInt8Array = pg.types.getTypeParser(INT8_ARRAY_OID as never) as (text: string) => unknown;
  return {
    getTypeParser: ((oid: number, format?: string) => {
      if (oid === INT8_OID) return parseInt8;
      if (oid === INT8_ARRAY_OID) {
        return (text: string) =>
          (parseInt8Array(text) as (string | null)[]).map((v) => (v === null ? null : parseInt8(v)));
      }
      return pg.types.getTypeParser(oid, format as 'text');
    }) as pg.CustomTypesConfig['getTypeParser'],
  };
}

function wrap(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<T>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
      const result = await client.query(sql, params as unknown[] | undefined);
      return { rows: result.rows as T[], rowCount: result.rowCount ?? 0 };
    },
    async exec(sql: string): Promise<void> {
      await client.query(sql);
    },
  };
}

/** A `Db` over a PostgreSQL connection pool (DATABASE_URL). */
export function postgresDb(connectionString: string, options: { max?: number } = {}): Db {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10, types: typeParsers() });
  // An idle client that loses its connection emits 'error' on the pool; without a listener that would crash the
  // process. The next query simply gets a fresh connection.
  pool.on('error', () => {});
  const base = wrap(pool);
  return {
    kind: 'postgres',
    query: base.query,
    exec: base.exec,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await fn(wrap(client));
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async close(): Promise<void> {
      await pool.end();
    },
  };
}
