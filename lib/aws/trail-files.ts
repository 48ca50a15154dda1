import pLimit from "p-limit";
import { CloudTrailClient, DescribeTrailsCommand, ListPublicKeysCommand, type Trail } from "@aws-sdk/client-cloudtrail";
import type { OrganizationsClient } from "@aws-sdk/client-organizations";
import {
  GetBucketLocationCommand,
  GetObjectCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  NoSuchKey,
  S3Client,
  type ListObjectsCommandOutput,
  type ListObjectsV2CommandOutput,
} from "@aws-sdk/client-s3";
import { STATUS_CODES } from "node:http";
import { clientConfig, s3ClientConfig } from "@/lib/aws/client-config";
import type { AwsClients } from "@/lib/aws/clients";
import { GuardedClients } from "@/lib/aws/guarded-clients";
import type { DigestStore } from "@/lib/core/integrity/chain-walk";
import type { DigestObject, PublicKeyEntry, PublicKeySource } from "@/lib/core/integrity/digest-check";
import { compressedTooLarge, MAX_DIGEST_COMPRESSED_BYTES } from "@/lib/core/integrity/digest-document";
import type { LogSource, UnchangedLog } from "@/lib/core/integrity/log-check";
import type { LogHash } from "@/lib/core/integrity/log-hash";

// The integrity validator's view of S3 and CloudTrail, through the product's read-only clients. Exactly the calls
// awscli makes (GetBucketLocation per bucket, ListObjects v1 with a marker, GetObject, ListPublicKeys, and for the
// trail lookup DescribeTrails and DescribeOrganization), so a run reads what awscli reads. A failure other than
// NoSuchKey is thrown with botocore's ClientError text, which is what awscli prints before it exits with 255.

function isNotFound(error: unknown): boolean {
  return error instanceof NoSuchKey || (error as { name?: string }).name === "NoSuchKey";
}

/** An AWS error, worded as botocore's ClientError words it. */
export class AwsCallError extends Error {
  constructor(
    readonly operation: string,
    readonly code: string,
    message: string,
    cause?: unknown,
  ) {
    super(message, { cause });
    this.name = "AwsCallError";
  }
}

type SdkError = { name?: string; message?: string; $fault?: string; $metadata?: { attempts?: number; httpStatusCode?: number } };

/**
 * "An error occurred (AccessDenied) when calling the GetObject operation: Access Denied" (+ retry info). An error
 * without a parsable body (e.g. an empty 403) is named by botocore after its status: "(403) ...: Forbidden".
 */
export function toAwsCallError(operation: string, error: unknown): unknown {
  const e = error as SdkError;
  if (error instanceof AwsCallError || !e || !e.$fault) return error; // not a service answer (network, guard, ...)
  const status = e.$metadata?.httpStatusCode;
  const unparsed = status !== undefined && (!e.name || e.name === "Unknown" || e.name === "UnknownError");
  const code = unparsed ? String(status) : e.name || "Unknown";
  const text = unparsed ? (STATUS_CODES[status] ?? "") : e.message || "Unknown";
  const attempts = e.$metadata?.attempts ?? 1;
  const retries = attempts > 1 ? ` (reached max retries: ${attempts - 1})` : "";
  return new AwsCallError(operation, code, `An error occurred (${code}) when calling the ${operation} operation${retries}: ${text}`, error);
}

async function call<T>(operation: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw toAwsCallError(operation, error);
  }
}

// botocore's validate_bucket_name, run before any S3 request is sent.
const VALID_BUCKET = "^[a-zA-Z0-9.\\-_]{1,255}$";
const VALID_S3_ARN =
  "^arn:(aws).*:(s3|s3-object-lambda):[a-z\\-0-9]*:[0-9]{12}:accesspoint[/:][a-zA-Z0-9\\-.]{1,63}$|" +
  "^arn:(aws).*:s3-outposts:[a-z\\-0-9]+:[0-9]{12}:outpost[/:][a-zA-Z0-9\\-]{1,63}[/:]accesspoint[/:][a-zA-Z0-9\\-]{1,63}$";

const BUCKET_PATTERNS = [new RegExp(VALID_BUCKET), new RegExp(VALID_S3_ARN)];

function checkBucketName(bucket: string): void {
  if (BUCKET_PATTERNS.some((pattern) => pattern.test(bucket))) return;
  throw new Error(
    `Parameter validation failed:\nInvalid bucket name "${bucket}": Bucket name must match the regex "${VALID_BUCKET}" ` +
      `or be an ARN matching the regex "${VALID_S3_ARN}"`,
  );
}

export type TrailFileClients = Pick<AwsClients, "s3" | "cloudTrail">;
export type OrganizationsSource = { organizations(): OrganizationsClient | Promise<OrganizationsClient> };

export interface S3TrailFilesOptions {
  /**
   * Ask each bucket's region (GetBucketLocation through the `region` client, once per bucket, as awscli's
   * S3ClientProvider does) and read the bucket with a client of that region. Default false: every call in `region`.
   */
  locateBuckets?: boolean;
  /** With locateBuckets: regions the caller already asked (bucket → region), so they are not asked again. */
  knownBucketRegions?: ReadonlyMap<string, string>;
  /** Incremental runs: what an earlier run proved about a log file (its ETag and the hash it had then). */
  provenLog?: (bucket: string, key: string) => ProvenLog | undefined | Promise<ProvenLog | undefined>;
  /** Called with each log file's S3 identity as it is fetched (or found unchanged), for storing with its verdict. */
  onLogObject?: (bucket: string, key: string, object: LogObjectIdentity) => void;
  /**
   * Digests kept from earlier runs: one the digest listing shows unchanged is served from here instead of a GET,
   * and each digest fetched is offered to it. For TrailProof's stored runs only: awscli's command makes every GET.
   */
  digestCache?: DigestCache;
}

/** One version of an S3 object, as a listing and a GET both describe it. */
export interface S3ObjectIdentity {
  etag: string;
  size: number;
  lastModified: Date;
}

export interface CachedDigest {
  identity: S3ObjectIdentity;
  object: DigestObject;
}

export interface DigestCache {
  load(bucket: string, key: string): CachedDigest | undefined;
  save(bucket: string, key: string, cached: CachedDigest): void;
}

/**
 * Same ETag, size and LastModified (to the second: a GET's Last-Modified header has no milliseconds). Rewriting an
 * object, even its metadata alone (a copy onto itself), gives it a new LastModified.
 */
function sameObject(a: S3ObjectIdentity, b: S3ObjectIdentity): boolean {
  return a.etag === b.etag && a.size === b.size && Math.floor(a.lastModified.getTime() / 1000) === Math.floor(b.lastModified.getTime() / 1000);
}

function identityOf(etag: string | undefined, size: number | undefined, lastModified: Date | undefined): S3ObjectIdentity | null {
  return etag !== undefined && size !== undefined && lastModified !== undefined ? { etag, size, lastModified } : null;
}

export interface ProvenLog {
  etag: string;
  hash: LogHash;
  identity: LogObjectIdentity;
  /** A bulk listing already showed the same ETag: no request is needed at all. */
  listedUnchanged?: boolean;
}

export interface LogObjectIdentity {
  etag: string | null;
  size: number | null;
  lastModified: Date | null;
  versionId: string | null;
}

function isNotModified(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.$metadata?.httpStatusCode === 304 || e.name === "NotModified" || e.name === "304";
}

/** Times a log file's body is asked for again after its connection broke mid-way. */
export const MAX_BODY_RESUMES = 2;

export class S3TrailFiles implements DigestStore, LogSource {
  private readonly bucketRegions = new Map<string, Promise<string>>();
  /** What the digest listings showed, by bucket and key (its size is checked before a GET). */
  private readonly listedDigests = new Map<string, S3ObjectIdentity>();
  /** Digests served from the cache, not fetched. */
  reusedDigests = 0;

  constructor(
    private readonly clients: Pick<AwsClients, "s3">,
    private readonly region: string,
    private readonly options: S3TrailFilesOptions = {},
  ) {}

  private async s3For(bucket: string) {
    checkBucketName(bucket);
    if (!this.options.locateBuckets) return this.clients.s3(this.region);
    let region = this.bucketRegions.get(bucket);
    if (!region) {
      const known = this.options.knownBucketRegions?.get(bucket);
      region = known ? Promise.resolve(known) : bucketRegion(this.clients, this.region, bucket);
      this.bucketRegions.set(bucket, region);
    }
    return this.clients.s3(await region);
  }

  async *listKeys(bucket: string, prefix: string, marker: string): AsyncIterable<string> {
    const s3 = await this.s3For(bucket);
    let next: string | undefined = marker;
    do {
      const page: ListObjectsCommandOutput = await call("ListObjects", () => s3.send(new ListObjectsCommand({ Bucket: bucket, Prefix: prefix, Marker: next })));
      const keys = (page.Contents ?? []).map((o) => o.Key ?? "");
      for (const o of page.Contents ?? []) {
        const identity = identityOf(o.ETag, o.Size, o.LastModified);
        if (o.Key && identity) this.listedDigests.set(JSON.stringify([bucket, o.Key]), identity);
      }
      yield* keys;
      // ListObjects v1 gives NextMarker only with a delimiter; otherwise the last key is the next marker.
      next = page.IsTruncated ? (page.NextMarker ?? keys.at(-1)) : undefined;
    } while (next);
  }

  private async getObject(bucket: string, key: string, ifNoneMatch?: string) {
    const s3 = await this.s3For(bucket);
    try {
      return await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, ...(ifNoneMatch ? { IfNoneMatch: ifNoneMatch } : {}) }));
    } catch (error) {
      if (isNotFound(error)) return "not-found" as const;
      if (ifNoneMatch && isNotModified(error)) throw error; // the caller reuses its proof
      throw toAwsCallError("GetObject", error);
    }
  }

  /**
   * GetObject for a digest. Throws DigestTooLargeError, before reading the body where it can, for an object over
   * MAX_DIGEST_COMPRESSED_BYTES: as listed, as its Content-Length says, or as its bytes arrive.
   */
  async getDigest(bucket: string, key: string): Promise<DigestObject | "not-found"> {
    const cache = this.options.digestCache;
    const listed = this.listedDigests.get(JSON.stringify([bucket, key]));
    if (listed && listed.size > MAX_DIGEST_COMPRESSED_BYTES) throw compressedTooLarge(listed.size);
    const cached = listed && cache ? cache.load(bucket, key) : undefined;
    if (listed && cached && sameObject(cached.identity, listed)) {
      this.reusedDigests += 1;
      return cached.object;
    }
    const object = await this.getObject(bucket, key);
    if (object === "not-found") return object;
    const digest = { bytes: await readCapped(object.Body, object.ContentLength, MAX_DIGEST_COMPRESSED_BYTES), metadata: object.Metadata ?? {} };
    const identity = identityOf(object.ETag, object.ContentLength, object.LastModified);
    if (cache && identity) cache.save(bucket, key, { identity, object: digest });
    return digest;
  }

  async openLog(bucket: string, key: string): Promise<AsyncIterable<Uint8Array> | "not-found" | UnchangedLog> {
    const proven = await this.options.provenLog?.(bucket, key);
    if (proven?.listedUnchanged) {
      this.options.onLogObject?.(bucket, key, proven.identity);
      return { unchanged: proven.hash };
    }
    let object;
    try {
      // With a proven ETag, S3 answers 304 without the body when the file has not changed since.
      object = await this.getObject(bucket, key, proven?.etag);
    } catch (error) {
      if (proven && isNotModified(error)) {
        this.options.onLogObject?.(bucket, key, proven.identity);
        return { unchanged: proven.hash };
      }
      throw error;
    }
    if (object === "not-found") return object;
    this.options.onLogObject?.(bucket, key, {
      etag: object.ETag ?? null,
      size: object.ContentLength ?? null,
      lastModified: object.LastModified ?? null,
      versionId: object.VersionId ?? null,
    });
    // The body streams: a log file is never held whole in memory.
    return this.resumingBody(bucket, key, object.Body as unknown as AsyncIterable<Uint8Array>, object.ETag);
  }

  /**
   * A log file's body that survives a connection lost mid-way: the SDK retries a request, not a body being read, so
   * the rest is asked for again (Range from the bytes already served, If-Match on the ETag so it is the same object),
   * at most MAX_BODY_RESUMES times; then the read error goes to the caller.
   */
  private async *resumingBody(bucket: string, key: string, first: AsyncIterable<Uint8Array>, etag: string | undefined): AsyncIterable<Uint8Array> {
    let body = first;
    let served = 0;
    for (let resumes = 0; ; resumes += 1) {
      try {
        for await (const chunk of body) {
          served += chunk.length;
          yield chunk;
        }
        return;
      } catch (error) {
        if (resumes >= MAX_BODY_RESUMES || !etag) throw error;
      }
      const s3 = await this.s3For(bucket);
      const rest = await call("GetObject", () => s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=${served}-`, IfMatch: etag })));
      body = rest.Body as unknown as AsyncIterable<Uint8Array>;
    }
  }
}

/** A GetObject body, refused (and the connection dropped) as soon as it is known to exceed `limit` bytes. */
async function readCapped(body: unknown, contentLength: number | undefined, limit: number): Promise<Uint8Array> {
  const stream = body as (AsyncIterable<Uint8Array> & { destroy?: () => void }) | undefined;
  if (!stream) return new Uint8Array(0);
  if (contentLength !== undefined && contentLength > limit) {
    stream.destroy?.();
    throw compressedTooLarge(contentLength);
  }
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of stream) {
    length += chunk.length;
    if (length > limit) {
      stream.destroy?.();
      throw compressedTooLarge(length);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, length);
}

export class CloudTrailPublicKeys implements PublicKeySource {
  constructor(
    private readonly clients: Pick<AwsClients, "cloudTrail">,
    private readonly region: string,
  ) {}

  async listPublicKeys(start: Date, end: Date): Promise<readonly PublicKeyEntry[]> {
    const keys: PublicKeyEntry[] = [];
    let token: string | undefined;
    do {
      const page = await call("ListPublicKeys", () =>
        this.clients.cloudTrail(this.region).send(new ListPublicKeysCommand({ StartTime: start, EndTime: end, NextToken: token })),
      );
      // The SDK already decodes the blob: Value is the DER bytes, not base64.
      for (const key of page.PublicKeyList ?? []) if (key.Fingerprint && key.Value) keys.push({ fingerprint: key.Fingerprint, der: key.Value });
      token = page.NextToken;
    } while (token);
    return keys;
  }
}

/**
 * The bucket's region (GetBucketLocation, asked through `askIn`'s client as awscli's S3ClientProvider does): S3 answers
 * a request for a bucket of another region with a redirect, so every request for the bucket goes to this region.
 */
export function bucketRegion(clients: Pick<AwsClients, "s3">, askIn: string, bucket: string): Promise<string> {
  return call("GetBucketLocation", () => clients.s3(askIn).send(new GetBucketLocationCommand({ Bucket: bucket }))).then(
    ({ LocationConstraint }) => (LocationConstraint === "EU" ? "eu-west-1" : LocationConstraint || "us-east-1"),
  );
}

/** awscli's get_trail_by_arn: DescribeTrails (shadow trails included) in `region`, the exact TrailARN, or null. */
export async function describeTrailByArn(clients: Pick<AwsClients, "cloudTrail">, region: string, arn: string): Promise<Trail | null> {
  const { trailList } = await call("DescribeTrails", () => clients.cloudTrail(region).send(new DescribeTrailsCommand({})));
  return (trailList ?? []).find((trail) => trail.TrailARN === arn) ?? null;
}

/** The organization's id (o-…), from DescribeOrganization. */
export async function describeOrganizationId(clients: OrganizationsSource): Promise<string> {
  const { DescribeOrganizationCommand } = await import("@aws-sdk/client-organizations");
  const organizations = await clients.organizations();
  const { Organization } = await call("DescribeOrganization", () => organizations.send(new DescribeOrganizationCommand({})));
  if (!Organization?.Id) throw new Error("DescribeOrganization returned no organization id");
  return Organization.Id;
}

/** The region the SDK's default chain finds (AWS_REGION, then the profile's region in ~/.aws/config), or null. */
export async function sdkDefaultRegion(): Promise<string | null> {
  try {
    return (await new CloudTrailClient({}).config.region()) || null;
  } catch {
    return null;
  }
}

/**
 * Just the clients log validation needs (AwsClients' module also loads the EC2, KMS, Logs and S3 Control SDKs: about
 * half a second of a command line's start-up). Organizations loads on first use.
 */
export class TrailFileClientSet extends GuardedClients implements TrailFileClients, OrganizationsSource {
  cloudTrail = (region: string) => this.client(`cloudtrail|${region}`, () => new CloudTrailClient(clientConfig(this.options(region))));
  // No response checksums: every log file's SHA-256 is checked against its digest anyway (and each digest's RSA
  // signature covers its bytes), while asking for them makes the SDK run a JavaScript CRC32 over every body.
  s3 = (region: string) =>
    this.client(`s3|${region}`, () => new S3Client({ ...s3ClientConfig(this.options(region)), responseChecksumValidation: "WHEN_REQUIRED" }));
  organizations = async (): Promise<OrganizationsClient> => {
    const { OrganizationsClient } = await import("@aws-sdk/client-organizations");
    return this.client("organizations", () => new OrganizationsClient(clientConfig(this.options("us-east-1"))));
  };
}

/**
 * Every object under a trail's date folders, with its identity: one request per 1,000 keys, where fetching each file
 * would cost one request per file. The folders are listed newest first (the order in which a chain walk, which goes
 * from the newest digest back, needs them), a few at a time, and each folder's objects are served as soon as its
 * pages are in: the walk checks the newest files while older folders are still being listed. A few at once, not all:
 * a 90-day window on S3 is 90 folders per region, too slow one by one and too many to let the newest wait behind.
 */
const FOLDER_LISTINGS_AT_ONCE = 4;

/**
 * Objects of one listing kept one by one. Whoever can write to the bucket can put millions of objects in a log folder;
 * past this many (far more than CloudTrail delivers for one chain in a 90-day window) they are only counted, so the
 * listing's memory stays bounded. The stored run reports the count.
 */
export const LISTED_KEYS_CAP = 100_000;

export class FolderListing {
  private readonly folders: { prefix: string; objects: Promise<Map<string, LogObjectIdentity>> }[] = [];
  /** Every object of every folder kept (at most `maxKeys`), in the folders' order; rejects with the first failed request. */
  readonly all: Promise<Map<string, LogObjectIdentity>>;
  private kept = 0;
  /** Objects listed past `maxKeys`: counted, not kept. */
  overflow = 0;

  constructor(clients: Pick<AwsClients, "s3">, region: string, bucket: string, prefixes: string[], maxKeys = LISTED_KEYS_CAP) {
    const listPrefix = async (prefix: string) => {
      const objects = new Map<string, LogObjectIdentity>();
      let token: string | undefined;
      do {
        const page: ListObjectsV2CommandOutput = await call("ListObjectsV2", () =>
          clients.s3(region).send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token })),
        );
        for (const object of page.Contents ?? []) {
          if (!object.Key) continue;
          if (this.kept >= maxKeys) {
            this.overflow += 1;
            continue;
          }
          this.kept += 1;
          objects.set(object.Key, { etag: object.ETag ?? null, size: object.Size ?? null, lastModified: object.LastModified ?? null, versionId: null });
        }
        token = page.NextContinuationToken;
      } while (token);
      return objects;
    };
    // p-limit starts queued work in the order it was queued: newest folder first.
    const limit = pLimit(FOLDER_LISTINGS_AT_ONCE);
    for (const prefix of [...prefixes].sort().reverse()) this.folders.push({ prefix, objects: limit(() => listPrefix(prefix)) });
    const byPrefix = new Map(this.folders.map((f) => [f.prefix, f.objects]));
    const inOrder = prefixes.map((prefix) => byPrefix.get(prefix)!);
    // Every folder's failure is handled here (the first one rejects `all`), so none is left unhandled.
    this.all = Promise.all(inOrder).then((lists) => new Map(lists.flatMap((objects) => [...objects])));
  }

  /** What the listing shows for this key (undefined: not listed, or its folder's listing failed). */
  async identity(key: string): Promise<LogObjectIdentity | undefined> {
    const folder = this.folders.find((f) => key.startsWith(f.prefix));
    if (!folder) return undefined;
    return (await folder.objects.catch(() => undefined))?.get(key);
  }
}

/**
 * The listing shows the object a log file's proof was made on: same ETag, size and LastModified (to the second, as a
 * GET gives it). ListObjectsV2 gives no version id; a new version of a key has a new LastModified all the same.
 */
export function listedUnchanged(proven: LogObjectIdentity, listed: LogObjectIdentity | undefined): boolean {
  const known = identityOf(proven.etag ?? undefined, proven.size ?? undefined, proven.lastModified ?? undefined);
  const now = listed && identityOf(listed.etag ?? undefined, listed.size ?? undefined, listed.lastModified ?? undefined);
  return known !== null && !!now && sameObject(known, now);
}
