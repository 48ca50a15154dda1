import pg from "pg";

// The few statements a stored validation makes are plain SQL, so they run on either the Prisma client (the web app's
// jobs) or a bare pg pool (the command line: no Prisma runtime to load and start, about a third of a second of a
// re-run). The pool reads int8 as bigint and timestamps (stored as UTC without zone, as Prisma writes them) as UTC
// instants, as Prisma's raw queries do; other types (date, numeric, arrays of timestamps) are pg's defaults, so a
// statement that reads them here must convert them itself.

export interface Sql {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): PromiseLike<T>;
  $executeRawUnsafe(query: string, ...values: unknown[]): PromiseLike<number>;
}

const TIMESTAMP_OID = 1114;
const INT8_OID = 20;

const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => {
    if (oid === TIMESTAMP_OID && format !== "binary") return (text: string) => new Date(`${text.replace(" ", "T")}Z`);
    if (oid === INT8_OID && format !== "binary") return (text: string) => BigInt(text);
    return pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

export interface PgSql extends Sql {
  end(): Promise<void>;
}

/** A small pool on `url` that answers the Sql calls. */
export function pgSql(url: string): PgSql {
  const pool = new pg.Pool({ connectionString: url, max: 4, types });
  // An idle connection the server drops (a database stopping) is an 'error' event: without a listener Node would
  // crash on it; the next query fails with its own error instead.
  pool.on("error", (error) => console.error(`database connection lost: ${error.message}`));
  return {
    $queryRawUnsafe: async <T>(query: string, ...values: unknown[]) => (await pool.query(query, values)).rows as T,
    $executeRawUnsafe: async (query: string, ...values: unknown[]) => (await pool.query(query, values)).rowCount ?? 0,
    end: () => pool.end(),
  };
}
