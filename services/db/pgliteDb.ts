import { PGlite } from '@electric-sql/pglite';
import type { Db, Queryable, QueryResult } from './db';

/**
 * A `Db` over embedded PGlite (PostgreSQL compiled to WebAssembly) in `dataDir`, or in memory when `dataDir` is
 * undefined. PGlite is a single connection: it runs one query or transaction at a time, so concurrency is by queueing,
 * which PGlite does itself.
 */
export async function pgliteDb(dataDir?: string): Promise<Db> {
  const pglite = await PGlite.create(dataDir ? { dataDir } : {});
  const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<T>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
      const result = await q.query<T>(sql, params as unknown[] | undefined);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    async exec(sql: string): Promise<void> {
      await q.exec(sql);
    },
  });
  const base = wrap(pglite);
  return {
    kind: 'pglite',
    query: base.query,
    exec: base.exec,
    transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      return pglite.transaction((tx) => fn(wrap(tx)));
    },
    async close(): Promise<void> {
      await pglite.close();
    },
  };
}
