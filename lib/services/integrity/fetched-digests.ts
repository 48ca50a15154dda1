import type { DigestStore } from "@/lib/core/integrity/chain-walk";
import type { DigestObject } from "@/lib/core/integrity/digest-check";
import { decodeDigestFile } from "@/lib/core/integrity/digest-document";
import { logFileEntries } from "@/lib/core/integrity/log-check";
import { isJsonObject } from "@/lib/core/integrity/py-compat";
import type { LogRecord } from "@/lib/core/integrity/validate-logs";

// The digests a run fetched, kept (when asked) so a report can show, next to each log file's computed SHA-256, the
// hashValue its digest promised. validateLogs reports logs in the order of their digest's logFiles, so the n-th
// record of a digest is its n-th entry.

export type FetchedDigests = ReadonlyMap<string, DigestObject>;

const digestId = (bucket: string, key: string) => JSON.stringify([bucket, key]);

/** A DigestStore that passes everything through and, if `keep`, remembers each digest it returned. */
export class DigestRecorder implements DigestStore {
  readonly fetched = new Map<string, DigestObject>();

  constructor(
    private readonly inner: DigestStore,
    private readonly keep: boolean,
  ) {}

  listKeys(bucket: string, prefix: string, marker: string): AsyncIterable<string> {
    return this.inner.listKeys(bucket, prefix, marker);
  }

  async getDigest(bucket: string, key: string): Promise<DigestObject | "not-found"> {
    const object = await this.inner.getDigest(bucket, key);
    if (this.keep && object !== "not-found") this.fetched.set(digestId(bucket, key), object);
    return object;
  }
}

/** For each log record, in order, the hashValue its digest lists for it (null if not a string or not kept). */
export function expectedLogHashes(logs: readonly LogRecord[], digests: FetchedDigests): (string | null)[] {
  const entries = new Map<string, unknown[]>();
  const seen = new Map<string, number>();
  const entriesOf = (log: LogRecord): unknown[] => {
    const id = digestId(log.digest.bucket, log.digest.key);
    let list = entries.get(id);
    if (!list) {
      const object = digests.get(id);
      const decoded = object ? decodeDigestFile(object.bytes, object.metadata, log.digest.backfill) : null;
      list = decoded?.ok ? logFileEntries(decoded.file.document["logFiles"] ?? null) : [];
      entries.set(id, list);
    }
    return list;
  };
  return logs.map((log) => {
    const id = digestId(log.digest.bucket, log.digest.key);
    const index = seen.get(id) ?? 0;
    seen.set(id, index + 1);
    const entry = entriesOf(log)[index];
    const hash = isJsonObject(entry) ? entry["hashValue"] : undefined;
    return typeof hash === "string" ? hash : null;
  });
}
