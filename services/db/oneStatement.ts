/** A parameterised SQL statement, not yet sent. */
export interface Statement {
  sql: string;
  params: readonly unknown[];
}

/**
 * Several data-modifying statements sent as one (one round trip instead of one each): all but the last become
 * data-modifying CTEs of the last, their parameters renumbered after the ones before. They run on one snapshot, so
 * they must not depend on each other's effects (different tables, or different rows); each runs to completion even
 * when nothing reads its result (PostgreSQL: "data-modifying statements in WITH"). Statements must not use WITH
 * themselves, nor `$` outside parameter references.
 */
export function asOneStatement(statements: readonly Statement[]): Statement {
  if (statements.length === 0) throw new Error('no statement to send');
  if (statements.length === 1) return statements[0];
  const params: unknown[] = [];
  const renumbered = statements.map((s) => {
    const offset = params.length;
    params.push(...s.params);
    return s.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
  });
  const last = renumbered.pop() as string;
  return { sql: `with ${renumbered.map((sql, i) => `s${i} as (${sql})`).join(',\n')}\n${last}`, params };
}
