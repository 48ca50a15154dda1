import { describe, expect, test } from "vitest";
import { keyTimeOrNull } from "@/lib/core/integrity/keys";
import { dayFolders, keyTime, listedInWindow } from "@/lib/core/integrity/window-keys";

const LOG = "AWSLogs/111111111111/CloudTrail/us-east-1/2026/03/04/111111111111_CloudTrail_us-east-1_20260304T1205Z_AbCdEfGhIjKlMnOp.json.gz";
const DIGEST = "AWSLogs/111111111111/CloudTrail-Digest/us-east-1/2026/03/04/111111111111_CloudTrail-Digest_us-east-1_t_us-east-1_20260304T130000Z.json.gz";
const start = new Date("2026-03-04T12:00:00Z");
const end = new Date("2026-03-04T13:00:00Z");

describe("window keys", () => {
  test.each([
    ["a log file's name", LOG, "log", "2026-03-04T12:05:00.000Z"],
    ["a digest's name", DIGEST, "digest", "2026-03-04T13:00:00.000Z"],
    ["a name without a time", "AWSLogs/111111111111/CloudTrail/us-east-1/2026/03/04/notes.txt", "log", null],
  ] as const)("the time in %s", (_label, key, kind, expected) => {
    expect(keyTimeOrNull(key, kind)?.toISOString() ?? null).toBe(expected);
  });

  test("a verdict's time for a name without one is the epoch", () => {
    expect(keyTime("x/decoy.json.gz", "log").toISOString()).toBe("1970-01-01T00:00:00.000Z");
  });

  test("a window across midnight touches both days' folders, in order", () => {
    expect(dayFolders("R/", new Date("2026-03-04T23:30:00Z"), new Date("2026-03-05T00:30:00Z"))).toEqual(["R/2026/03/04/", "R/2026/03/05/"]);
  });

  test.each([
    ["inside the window", LOG, true],
    ["an hour before it", LOG.replace("T1205Z", "T1105Z"), false],
    ["carrying no time (the writer chose the name)", "AWSLogs/111111111111/CloudTrail/us-east-1/2026/03/04/decoy", true],
  ])("a listed log file %s belongs to the window: %s", (_label, key, expected) => {
    expect(listedInWindow(key, start, end)).toBe(expected);
  });
});
