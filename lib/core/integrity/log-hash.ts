import { createHash } from "node:crypto";
import zlib from "node:zlib";
import {
  checkGzipTrailer,
  GZIP_TRAILER_LENGTH,
  GzipFormatError,
  GzipHeaderReader,
} from "@/lib/core/integrity/gzip-member";
import { type AwsCliLogBehaviour, DEFAULT_AWSCLI_LOG_BEHAVIOUR } from "@/lib/core/integrity/awscli-behaviour";
import { RawInflater } from "@/lib/core/integrity/raw-inflater";

// awscli hashes a log file as `for chunk in body: sha256.update(zlib.decompressobj(MAX_WBITS|16).decompress(chunk))`,
// then flush(). That reads the FIRST gzip member only and never raises for missing input:
//   - bytes after the first member (an appended member, garbage) are ignored;
//   - a file cut short hashes what could be inflated (so: "hash value doesn't match", not "invalid format");
//   - a file cut inside its 8-byte CRC/ISIZE trailer hashes complete content, so it passes;
//   - but a wrong header, corrupt deflate data, or a complete and wrong CRC or ISIZE raise ("invalid format").
// hashGzipStream reproduces that hash and verdict, and in the same single pass measures what awscli cannot see
// (truncation, trailing bytes, an appended member) for the strict verdict. It never holds the file in memory.

export const DEFAULT_MAX_DECOMPRESSED_BYTES = 4 * 1024 ** 3;

export interface LogHashOptions {
  /** Gzip bomb guard: stop and throw DecompressedSizeLimitError past this many inflated bytes. */
  maxDecompressedBytes?: number;
  /** Whose verdicts the parity output follows (see AwsCliLogBehaviour). Default: the current AWS CLI's. */
  awscli?: AwsCliLogBehaviour;
}

export class DecompressedSizeLimitError extends Error {
  constructor(readonly limit: number) {
    super(`log file inflates to more than ${limit} bytes`);
    this.name = "DecompressedSizeLimitError";
  }
}

export interface LogHash {
  /** Lowercase hex SHA-256 of what Python inflates: the first member's content, or its readable part. */
  sha256: string;
  /** zlib's message when Python's decompressobj would raise (awscli: "invalid format"); null otherwise. */
  formatError: string | null;
  compressedBytes: number;
  decompressedBytes: number;
  /** The first member ended before its data and full 8-byte trailer were in. */
  truncated: boolean;
  /** Bytes after the first member's trailer. */
  trailingBytes: number;
  /** The trailing bytes start with the gzip magic: an appended member, whose content awscli never hashes. */
  appendedMember: boolean;
}

type Phase = "header" | "deflate" | "trailer" | "after";

export async function hashGzipStream(
  source: AsyncIterable<Uint8Array>,
  options: LogHashOptions = {},
): Promise<LogHash> {
  const limit = options.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES;
  const hash = createHash("sha256");
  const header = new GzipHeaderReader();
  const trailer: number[] = [];
  const afterMember: number[] = []; // the first two trailing bytes, enough to recognise another member
  let phase: Phase = "header";
  let crc = 0;
  let compressedBytes = 0;
  let decompressedBytes = 0;
  let trailingBytes = 0;
  let overLimit = false;

  const inflater = new RawInflater((chunk) => {
    if (overLimit) return;
    decompressedBytes += chunk.length;
    if (decompressedBytes > limit) {
      overLimit = true; // throwing here would escape from inside the zlib callback
      return;
    }
    hash.update(chunk);
    crc = zlib.crc32(chunk, crc);
  });

  const result = (formatError: string | null, deflateComplete: boolean): LogHash => ({
    sha256: hash.digest("hex"),
    formatError,
    compressedBytes,
    decompressedBytes,
    truncated: formatError === null && (!deflateComplete || trailer.length < GZIP_TRAILER_LENGTH),
    trailingBytes,
    appendedMember: afterMember[0] === 0x1f && afterMember[1] === 0x8b,
  });

  try {
    for await (const chunk of source) {
      compressedBytes += chunk.length;
      let rest = chunk;
      if (phase === "header") {
        rest = rest.subarray(header.push(rest));
        if (header.done) phase = "deflate";
      }
      if (phase === "deflate" && rest.length > 0) {
        const consumed = await inflater.write(rest);
        if (overLimit) throw new DecompressedSizeLimitError(limit);
        if (consumed < rest.length) phase = "trailer"; // the deflate stream ended inside this chunk
        rest = rest.subarray(consumed);
      }
      if (phase === "trailer" && rest.length > 0) {
        const take = rest.subarray(0, GZIP_TRAILER_LENGTH - trailer.length);
        trailer.push(...take);
        rest = rest.subarray(take.length);
        checkGzipTrailer(Uint8Array.from(trailer), crc, decompressedBytes);
        if (trailer.length === GZIP_TRAILER_LENGTH) phase = "after";
      }
      if (phase === "after" && rest.length > 0) {
        trailingBytes += rest.length;
        afterMember.push(...rest.subarray(0, 2 - afterMember.length));
      }
    }
    const deflateComplete = phase === "deflate" ? await inflater.finish() : phase !== "header";
    if (overLimit) throw new DecompressedSizeLimitError(limit);
    return result(null, deflateComplete);
  } catch (error) {
    if (error instanceof GzipFormatError) return result(error.message, false);
    if (isZlibError(error)) return result(error.message, false);
    throw error;
  } finally {
    inflater.close();
  }
}

function isZlibError(error: unknown): error is Error {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === "string" && code.startsWith("Z_");
}

export type LogHashVerdict = "valid" | "hash-mismatch" | "invalid-format" | "trailing-data";

export { type AwsCliLogBehaviour, DEFAULT_AWSCLI_LOG_BEHAVIOUR };

/** Bytes after the first complete member: Python's `unused_data`, empty unless the member's trailer was read. */
export function hasTrailingData(hashed: LogHash): boolean {
  return hashed.formatError === null && hashed.trailingBytes > 0;
}

/**
 * awscli's verdict: a zlib error is "invalid format"; from 1.45.12 on, bytes after the first member are
 * "unexpected data after end of compressed stream" whatever the hash; otherwise the hash decides.
 */
export function parityLogVerdict(
  hashed: LogHash,
  expected: unknown,
  awscli: AwsCliLogBehaviour = DEFAULT_AWSCLI_LOG_BEHAVIOUR,
): LogHashVerdict {
  if (hashed.formatError !== null) return "invalid-format";
  if (awscli !== "1.45.11" && hasTrailingData(hashed)) return "trailing-data";
  return hashed.sha256 === expected ? "valid" : "hash-mismatch";
}

/**
 * Our stricter verdict (DIGESTS.md section 7), the same in both modes: a file that is not exactly one complete gzip
 * member is not the file CloudTrail delivered. Bytes after the member (another member, garbage) are "trailing data"
 * (the current AWS CLI's verdict too); a file cut short is "invalid format", even when what is there still hashes right.
 */
export function strictLogVerdict(hashed: LogHash, expected: unknown): LogHashVerdict {
  const parity = parityLogVerdict(hashed, expected, "1.45.12");
  if (parity !== "valid") return parity;
  if (hashed.truncated) return "invalid-format";
  return "valid";
}
