import { describe, expect, test } from "vitest";
import { parsePyDate } from "@/lib/core/integrity/py-date";
import { CliReport, emptyCounts, exitCodeFor, type ValidationCounts } from "@/lib/core/integrity/report";

const start = parsePyDate("2015-08-17T00:00:00Z");
const end = parsePyDate("2015-08-18T00:00:00Z");
const ARN = "arn:aws:cloudtrail:us-east-1:111122223333:trail/main";

describe("status lines", () => {
  test.each([
    {
      label: "an error first: msg and a blank line",
      verbose: true,
      steps: [["bad", true]] as const,
      chunks: [{ stream: "stderr", text: "bad\n\n" }],
    },
    {
      label: "an error after a verbose line gets an extra leading newline",
      verbose: true,
      steps: [["ok", false], ["bad", true]] as const,
      chunks: [
        { stream: "stdout", text: "ok\n" },
        { stream: "stderr", text: "\nbad\n\n" },
      ],
    },
    {
      label: "two errors in a row: no extra newline",
      verbose: true,
      steps: [["bad", true], ["worse", true]] as const,
      chunks: [
        { stream: "stderr", text: "bad\n\n" },
        { stream: "stderr", text: "worse\n\n" },
      ],
    },
    {
      label: "successes are silent without --verbose, and leave no state behind",
      verbose: false,
      steps: [["ok", false], ["bad", true]] as const,
      chunks: [{ stream: "stderr", text: "bad\n\n" }],
    },
  ])("$label", ({ verbose, steps, chunks }) => {
    const report = new CliReport(verbose);
    for (const [message, isError] of steps) report.status(message, isError);
    expect(report.chunks).toEqual(chunks);
  });
});

test("the header", () => {
  const report = new CliReport(false);
  report.header(ARN, start, end);
  expect(report.text("stdout")).toBe(
    `Validating log files for trail ${ARN} between 2015-08-17T00:00:00Z and 2015-08-18T00:00:00Z\n\n`,
  );
});

describe("summary", () => {
  const counts = (overrides: Partial<ValidationCounts>) => ({ ...emptyCounts(), ...overrides });
  const found = { start: parsePyDate("2015-08-17T00:00:00Z"), end: parsePyDate("2015-08-17T23:01:31Z") };
  const requested = "Results requested for 2015-08-17T00:00:00Z to 2015-08-18T00:00:00Z\n";

  test.each([
    { label: "no digests at all", counts: counts({}), found, afterVerbose: false, text: `${requested}No digests found\n` },
    {
      label: "only valid digests, no logs: no log line",
      counts: counts({ validDigests: 3 }),
      found,
      afterVerbose: false,
      text: `${requested}Results found for 2015-08-17T00:00:00Z to 2015-08-17T23:01:31Z:\n\n3/3 digest files valid\n`,
    },
    {
      label: "invalid files, backfill digests and logs",
      counts: counts({ validDigests: 2, invalidDigests: 1, validBackfillDigests: 1, validLogs: 4, invalidLogs: 2 }),
      found,
      afterVerbose: false,
      text:
        `${requested}Results found for 2015-08-17T00:00:00Z to 2015-08-17T23:01:31Z:\n\n` +
        "2/3 digest files valid, 1/3 digest files INVALID\n1/1 backfill digest files valid\n4/6 log files valid, 2/6 log files INVALID\n",
    },
    {
      label: "only invalid digests",
      counts: counts({ invalidDigests: 2 }),
      found: { start: null, end: null },
      afterVerbose: false,
      text: `${requested}No valid digests found in range\n\n0/2 digest files valid, 2/2 digest files INVALID\n`,
    },
    {
      label: "only backfill digests: no standard digest line",
      counts: counts({ validBackfillDigests: 1 }),
      found,
      afterVerbose: false,
      text: `${requested}Results found for 2015-08-17T00:00:00Z to 2015-08-17T23:01:31Z:\n\n1/1 backfill digest files valid\n`,
    },
    {
      label: "after a verbose line, a blank line first",
      counts: counts({}),
      found,
      afterVerbose: true,
      text: `ok\n\n${requested}No digests found\n`,
    },
  ])("$label", ({ counts, found, afterVerbose, text }) => {
    const report = new CliReport(true);
    if (afterVerbose) report.status("ok", false);
    report.summary(counts, found, start, end);
    expect(report.text("stdout")).toBe(text);
  });
});

test("an abort prints str(exception) between newlines on stderr", () => {
  const report = new CliReport(false);
  report.abort("'logFiles'");
  expect(report.chunks).toEqual([{ stream: "stderr", text: "\n'logFiles'\n" }]);
});

describe("exitCodeFor", () => {
  test.each([
    { label: "all valid", counts: { validDigests: 2, validLogs: 3 }, aborted: false, code: 0 },
    { label: "no digests", counts: {}, aborted: false, code: 0 },
    { label: "an invalid digest", counts: { invalidDigests: 1 }, aborted: false, code: 1 },
    { label: "an invalid backfill digest", counts: { invalidBackfillDigests: 1 }, aborted: false, code: 1 },
    { label: "an invalid log", counts: { invalidLogs: 1 }, aborted: false, code: 1 },
    { label: "an abort, whatever the counts", counts: { invalidLogs: 1 }, aborted: true, code: 255 },
  ])("$label: $code", ({ counts, aborted, code }) => {
    expect(exitCodeFor({ ...emptyCounts(), ...counts }, aborted)).toBe(code);
  });
});
