import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { CachedDigest, DigestCache, S3ObjectIdentity } from "@/lib/aws/trail-files";

// Digest files as an earlier stored run fetched them, on local disk (the data directory), so a re-run over the same
// window need not GET a digest whose listing shows the same object (same ETag, size and second of LastModified;
// a metadata-only rewrite, e.g. a new signature, changes LastModified). Nothing here is trusted: a cached digest goes
// through the same checks as a fetched one (format, location, public key, RSA signature). A missing, unreadable or
// stale entry only costs the GET it would have saved. One small file per digest, read when needed.

interface Entry {
  identity: { etag: string; size: number; lastModified: string };
  metadata: Record<string, string>;
  body: string; // base64 of the gzip bytes
}

export class DigestFileCache implements DigestCache {
  constructor(private readonly dir: string) {}

  private file(bucket: string, key: string): string {
    const id = createHash("sha256").update(`${bucket}\0${key}`).digest("hex");
    return path.join(this.dir, id.slice(0, 2), `${id}.json`);
  }

  load(bucket: string, key: string): CachedDigest | undefined {
    let entry: Entry;
    try {
      entry = JSON.parse(fs.readFileSync(this.file(bucket, key), "utf8")) as Entry;
    } catch {
      return undefined;
    }
    const identity: S3ObjectIdentity = { etag: entry.identity.etag, size: entry.identity.size, lastModified: new Date(entry.identity.lastModified) };
    return { identity, object: { bytes: Buffer.from(entry.body, "base64"), metadata: entry.metadata } };
  }

  save(bucket: string, key: string, cached: CachedDigest): void {
    const file = this.file(bucket, key);
    try {
      // Serialised in here too: an entry that cannot be (an invalid date, a string too long) is only not cached.
      const { etag, size, lastModified } = cached.identity;
      const entry: Entry = {
        identity: { etag, size, lastModified: lastModified.toISOString() },
        metadata: { ...cached.object.metadata },
        body: Buffer.from(cached.object.bytes).toString("base64"),
      };
      fs.mkdirSync(path.dirname(file), { recursive: true });
      // Written aside, then renamed: a concurrent run reads the old entry or the new one, never half of one.
      const pending = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(pending, JSON.stringify(entry));
      fs.renameSync(pending, file);
    } catch {
      // A cache that cannot be written (read-only disk, full disk, an entry that cannot be serialised) only means the
      // next run fetches again.
    }
  }
}
