import type { LogObjectIdentity, ProvenLog } from "@/lib/aws/trail-files";
import type { Sql } from "@/lib/db/sql";
import type { VerdictRow } from "@/lib/db/validations-repository";

// A stored run's reads and writes of file verdicts, in plain SQL. Through the Prisma client, the ~2,500 rows of a
// 100-hour chain cost about 5 s of CPU (query compilation and row mapping); as one statement per batch they cost
// milliseconds. Writes happen in the background while the walk goes on, one batch at a time, each batch inserting
// its rows and advancing the run's counters in a single statement (so progress shown is progress stored).

/** The most rows one statement writes; a walk faster than the database fills batches up to this. */
const MAX_BATCH = 1000;
/** Past this many rows waiting, the walk waits for the database (memory stays bounded). */
const MAX_QUEUED = 4 * MAX_BATCH;

// Insert (skipping rows a resumed run stored before it died) and count what was inserted into the run's counters.
const INSERT_VERDICTS = `
WITH inserted AS (
  INSERT INTO file_verdicts (run_id, account_id, region, kind, status, reason, s3_bucket, s3_key, file_time, expected_hash,
                             actual_hash, digest_key, fingerprint, etag, size, last_modified, version_id)
  SELECT $1::uuid, r.* FROM json_to_recordset($2::json) AS r(
    account_id varchar(12), region text, kind "FileKind", status "FileStatus", reason text, s3_bucket text, s3_key text,
    file_time timestamp(3), expected_hash text, actual_hash text, digest_key text, fingerprint text, etag text,
    size bigint, last_modified timestamp(3), version_id text)
  ON CONFLICT (run_id, kind, s3_bucket, s3_key) DO NOTHING
  RETURNING kind, status
)
UPDATE validation_runs SET
  phase = $3,
  digests_done = digests_done + (SELECT count(*) FROM inserted WHERE kind = 'digest'),
  logs_done = logs_done + (SELECT count(*) FROM inserted WHERE kind = 'log'),
  invalid_count = invalid_count + (SELECT count(*) FROM inserted WHERE status = 'invalid'),
  missing_count = missing_count + (SELECT count(*) FROM inserted WHERE status = 'missing'),
  unreadable_count = unreadable_count + (SELECT count(*) FROM inserted WHERE status = 'unreadable')
WHERE id = $1::uuid`;

// Dates travel as ISO text; a timestamp column (UTC, without zone, as Prisma stores it) ignores the trailing Z.
const text = (value: Date | string | null | undefined) => (value instanceof Date ? value.toISOString() : (value ?? null));

function toRecord(row: VerdictRow) {
  return {
    account_id: row.accountId,
    region: row.region,
    kind: row.kind,
    status: row.status,
    reason: row.reason ?? null,
    s3_bucket: row.s3Bucket,
    s3_key: row.s3Key,
    file_time: text(row.fileTime),
    expected_hash: row.expectedHash ?? null,
    actual_hash: row.actualHash ?? null,
    digest_key: row.digestKey ?? null,
    fingerprint: row.fingerprint ?? null,
    etag: row.etag ?? null,
    size: row.size === null || row.size === undefined ? null : String(row.size),
    last_modified: text(row.lastModified),
    version_id: row.versionId ?? null,
  };
}

/** Queues a run's verdicts and writes them in batches behind the walk; `drain` waits until all are stored. */
export class VerdictWriter {
  private queued: VerdictRow[] = [];
  private phase = "verifying chain";
  private writing: Promise<void> | null = null;
  private failure: unknown = null;

  constructor(
    private readonly database: Sql,
    private readonly runId: string,
  ) {}

  /** Adds a verdict; resolves at once unless too many are waiting for the database. Throws once a write failed. */
  async add(row: VerdictRow, phase: string): Promise<void> {
    if (this.failure) throw this.failure;
    this.queued.push(row);
    this.phase = phase;
    this.start();
    if (this.queued.length >= MAX_QUEUED) await this.writing;
  }

  /** Waits until every queued verdict is stored; throws the first write failure. */
  async drain(): Promise<void> {
    while (this.writing) await this.writing;
    if (this.failure) throw this.failure;
  }

  private start(): void {
    if (this.writing || this.queued.length === 0) return;
    const rows = this.queued.splice(0, MAX_BATCH);
    this.writing = Promise.resolve(this.database.$executeRawUnsafe(INSERT_VERDICTS, this.runId, JSON.stringify(rows.map(toRecord)), this.phase))
      .then(
        () => undefined,
        (error: unknown) => {
          this.failure ??= error;
          this.queued = []; // nothing more is written after a failure: the run is failed by its caller
        },
      )
      .finally(() => {
        this.writing = null;
        this.start();
      });
  }
}

interface ProvenRow {
  s3_key: string;
  etag: string;
  actual_hash: string;
  size: bigint | null;
  last_modified: Date | null;
  version_id: string | null;
}

/** What earlier runs (or only `onlyRun`) proved about a chain's log files: per key, the latest strictly valid verdict with an ETag. */
export async function provenLogs(database: Sql, bucket: string, accountId: string, region: string, onlyRun?: string): Promise<Map<string, ProvenLog>> {
  const rows = await database.$queryRawUnsafe<ProvenRow[]>(
    `SELECT DISTINCT ON (s3_key) s3_key, etag, actual_hash, size, last_modified, version_id
       FROM file_verdicts
      WHERE s3_bucket = $1 AND account_id = $2 AND region = $3 AND kind = 'log' AND status = 'valid'
        AND etag IS NOT NULL AND actual_hash IS NOT NULL AND ($4::uuid IS NULL OR run_id = $4::uuid)
      ORDER BY s3_key, checked_at DESC`,
    bucket,
    accountId,
    region,
    onlyRun ?? null,
  );
  return new Map(
    rows.map((row) => {
      const identity: LogObjectIdentity = { etag: row.etag, size: row.size === null ? null : Number(row.size), lastModified: row.last_modified, versionId: row.version_id };
      // A strictly valid file was one complete gzip member with nothing after it: these are its flags.
      const hash = { sha256: row.actual_hash, formatError: null, compressedBytes: identity.size ?? 0, decompressedBytes: 0, truncated: false, trailingBytes: 0, appendedMember: false };
      return [row.s3_key, { etag: row.etag, hash, identity }];
    }),
  );
}
