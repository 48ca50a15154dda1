import { setImmediate as nextMacrotask } from "node:timers/promises";
import zlib from "node:zlib";

// A promise-shaped wrapper around Node's streaming raw inflater that tells, for each chunk written, how many input
// bytes the deflate stream consumed. A chunk not consumed in full means the deflate stream ended inside it: that is
// how we find where the first gzip member's trailer starts without inflating anything after it.

export class RawInflater {
  private readonly stream = zlib.createInflateRaw({ chunkSize: 64 * 1024 });
  private failure: Error | null = null;
  private rejectPending: ((error: Error) => void) | null = null;

  constructor(onData: (chunk: Buffer) => void) {
    // Flowing mode: each output chunk is handed over synchronously while the engine processes the write.
    this.stream.on("data", onData);
    this.stream.on("error", (error: Error) => {
      this.failure = error;
      this.rejectPending?.(error);
    });
  }

  /** Feeds a chunk; resolves to the number of its bytes the deflate stream consumed. Rejects on a zlib error. */
  async write(chunk: Uint8Array): Promise<number> {
    if (this.failure) throw this.failure;
    const before = this.stream.bytesWritten;
    await new Promise<void>((resolve, reject) => {
      this.rejectPending = reject;
      this.stream.write(chunk, (error) => (error ? reject(error) : resolve()));
    });
    this.rejectPending = null;
    await this.drained();
    return this.stream.bytesWritten - before;
  }

  /**
   * Signals the end of input. Resolves true when the deflate stream was complete, false when it was cut short
   * (zlib's Z_BUF_ERROR "unexpected end of file" under Z_FINISH); rejects on any other zlib error.
   */
  async finish(): Promise<boolean> {
    if (this.failure) throw this.failure;
    try {
      await new Promise<void>((resolve, reject) => {
        this.rejectPending = reject;
        this.stream.once("end", () => resolve());
        this.stream.end();
      });
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === "Z_BUF_ERROR") return false;
      throw error;
    } finally {
      this.rejectPending = null;
    }
  }

  close(): void {
    this.stream.destroy();
  }

  // Output is emitted synchronously in flowing mode; this only guards against a chunk left buffered.
  private async drained(): Promise<void> {
    while (this.stream.readableLength > 0 && !this.stream.destroyed) await nextMacrotask();
  }
}
