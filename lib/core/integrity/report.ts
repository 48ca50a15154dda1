import { formatDisplayDate, type PyDateTime } from "@/lib/core/integrity/py-date";

// The exact text of `aws cloudtrail validate-logs` (DIGESTS.md section 8), as an ordered list of writes so a command
// line can replay it byte for byte. The state mirrors CloudTrailValidateLogs: one flag remembers whether the last
// status line was a verbose stdout line, which decides the extra "\n" before an error and before the summary.

export type OutputStream = "stdout" | "stderr";

export interface OutputChunk {
  stream: OutputStream;
  text: string;
}

export interface ValidationCounts {
  validDigests: number;
  invalidDigests: number;
  validBackfillDigests: number;
  invalidBackfillDigests: number;
  validLogs: number;
  invalidLogs: number;
}

export const BACKFILL_PREFIX = "(backfill) ";

export function emptyCounts(): ValidationCounts {
  return {
    validDigests: 0,
    invalidDigests: 0,
    validBackfillDigests: 0,
    invalidBackfillDigests: 0,
    validLogs: 0,
    invalidLogs: 0,
  };
}

/** 1 when anything was invalid, else 0; an aborted run exits 255 whatever the counts. */
export function exitCodeFor(counts: ValidationCounts, aborted: boolean): 0 | 1 | 255 {
  if (aborted) return 255;
  return counts.invalidDigests + counts.invalidBackfillDigests > 0 || counts.invalidLogs > 0 ? 1 : 0;
}

export interface FoundRange {
  start: PyDateTime | null;
  end: PyDateTime | null;
}

export class CliReport {
  readonly chunks: OutputChunk[] = [];
  private lastStatusDoubleSpace = true;

  constructor(private readonly verbose: boolean) {}

  private write(stream: OutputStream, text: string): void {
    this.chunks.push({ stream, text });
  }

  /** _write_startup_text. */
  header(trailArn: string, start: PyDateTime, end: PyDateTime): void {
    this.write(
      "stdout",
      `Validating log files for trail ${trailArn} between ${formatDisplayDate(start)} and ${formatDisplayDate(end)}\n\n`,
    );
  }

  /** _write_status: errors always go to stderr as "msg\n\n"; successes to stdout, and only when verbose. */
  status(message: string, isError: boolean): void {
    if (isError) {
      this.write("stderr", this.lastStatusDoubleSpace ? `${message}\n\n` : `\n${message}\n\n`);
      this.lastStatusDoubleSpace = true;
    } else if (this.verbose) {
      this.lastStatusDoubleSpace = false;
      this.write("stdout", `${message}\n`);
    }
  }

  /** _write_summary_text. */
  summary(counts: ValidationCounts, found: FoundRange, start: PyDateTime, end: PyDateTime): void {
    if (!this.lastStatusDoubleSpace) this.write("stdout", "\n");
    this.write("stdout", `Results requested for ${formatDisplayDate(start)} to ${formatDisplayDate(end)}\n`);
    const valid = counts.validDigests + counts.validBackfillDigests;
    const invalid = counts.invalidDigests + counts.invalidBackfillDigests;
    if (valid === 0 && invalid === 0) {
      this.write("stdout", "No digests found\n");
      return;
    }
    if (!found.start || !found.end) this.write("stdout", "No valid digests found in range\n");
    else {
      this.write("stdout", `Results found for ${formatDisplayDate(found.start)} to ${formatDisplayDate(found.end)}:\n`);
    }
    this.ratio(counts.validDigests, counts.invalidDigests, "digest");
    this.ratio(counts.validBackfillDigests, counts.invalidBackfillDigests, "backfill digest");
    this.ratio(counts.validLogs, counts.invalidLogs, "log");
    this.write("stdout", "\n");
  }

  private ratio(valid: number, invalid: number, name: string): void {
    const total = valid + invalid;
    if (total === 0) return;
    this.write("stdout", `\n${valid}/${total} ${name} files valid`);
    if (invalid > 0) this.write("stdout", `, ${invalid}/${total} ${name} files INVALID`);
  }

  /** awscli's top-level handler for any exception: "\n{str(e)}\n" on stderr, then exit 255. */
  abort(message: string): void {
    this.write("stderr", `\n${message}\n`);
  }

  /** The concatenated text of one stream (for tests and logs; a CLI should replay `chunks` in order). */
  text(stream: OutputStream): string {
    return this.chunks
      .filter((chunk) => chunk.stream === stream)
      .map((chunk) => chunk.text)
      .join("");
  }
}
