import zlib from "node:zlib";
import { checkGzipTrailer, type FirstMember, GZIP_TRAILER_LENGTH, GzipFormatError, GzipHeaderReader } from "@/lib/core/integrity/gzip-member";
import { RawInflater } from "@/lib/core/integrity/raw-inflater";

// gunzipFirstMember (Python's zlib.decompress(data, MAX_WBITS | 16)) for bytes an attacker may have written: the
// inflating runs in libuv's pool, not on the event loop, and stops once the output passes `maxOutputLength`, whatever
// the input still holds. Deflate expands at most 1032:1, so a gzip bomb is fed in small steps: the inflater can run
// past the cap by at most one step's worth of output, and that output is dropped, not kept.

/** Compressed bytes handed to the inflater at once: at most ~16.5 MB of output is produced past the cap. */
export const INFLATE_INPUT_STEP = 16 * 1024;

/** More bytes than the cap allows: compressed (listed, announced or read) or decompressed. */
export class SizeLimitError extends Error {
  constructor(
    message: string,
    /** Decompressed bytes the inflater had produced when it was stopped (0 for a compressed-size refusal). */
    readonly inflatedBytes = 0,
    /** Compressed bytes it had been given by then. */
    readonly compressedBytesRead = 0,
  ) {
    super(message);
    this.name = "SizeLimitError";
  }
}

export async function gunzipFirstMemberCapped(bytes: Uint8Array, maxOutputLength: number): Promise<FirstMember> {
  const header = new GzipHeaderReader();
  const headerLength = header.push(bytes);
  if (!header.done) throw new GzipFormatError("incomplete or truncated stream");
  const parts: Buffer[] = [];
  let inflated = 0;
  const inflater = new RawInflater((chunk) => {
    inflated += chunk.length;
    if (inflated <= maxOutputLength) parts.push(chunk);
  });
  const body = bytes.subarray(headerLength);
  let consumed = 0;
  let given = 0;
  let ended = false;
  try {
    for (let at = 0; at < body.length; at += INFLATE_INPUT_STEP) {
      const step = body.subarray(at, at + INFLATE_INPUT_STEP);
      given += step.length;
      const used = await inflater.write(step);
      consumed += used;
      if (inflated > maxOutputLength) {
        throw new SizeLimitError(`more than ${maxOutputLength} bytes when decompressed`, inflated, given);
      }
      if (used < step.length) {
        ended = true; // the deflate stream ended inside this step: what follows is the trailer
        break;
      }
    }
    if (!ended && !(await inflater.finish())) throw new GzipFormatError("incomplete or truncated stream");
  } catch (error) {
    if (error instanceof SizeLimitError || error instanceof GzipFormatError) throw error;
    throw new GzipFormatError(error instanceof Error ? error.message : String(error));
  } finally {
    inflater.close();
  }
  const content = Buffer.concat(parts, inflated);
  const trailerStart = headerLength + consumed;
  const trailer = bytes.subarray(trailerStart, trailerStart + GZIP_TRAILER_LENGTH);
  if (trailer.length < GZIP_TRAILER_LENGTH) throw new GzipFormatError("incomplete or truncated stream");
  checkGzipTrailer(trailer, zlib.crc32(content), content.length);
  return { content, trailingBytes: bytes.length - trailerStart - GZIP_TRAILER_LENGTH };
}
