import { describe, expect, test } from "vitest";
import { chainFindings, type ChainWalkFacts } from "@/lib/services/integrity/chain-findings";

const ROOT = "AWSLogs/o-abcdefghij/";
const FOLDER = `${ROOT}111111111111/CloudTrail/eu-west-1/2026/03/04/`;
const inWindow = `${FOLDER}111111111111_CloudTrail_eu-west-1_20260304T1210Z_aaaaaaaaaaaaaaaa.json.gz`;
const beforeWindow = `${FOLDER}111111111111_CloudTrail_eu-west-1_20260304T0910Z_bbbbbbbbbbbbbbbb.json.gz`;
const nameless = `${FOLDER}planted`;

function facts(over: Partial<ChainWalkFacts> = {}): ChainWalkFacts {
  return {
    chain: { accountId: "111111111111", region: "eu-west-1" },
    bucket: "logs",
    accountRoot: ROOT,
    windowStart: new Date("2026-03-04T12:00:00Z"),
    windowEnd: new Date("2026-03-04T13:00:00Z"),
    owesDigests: true,
    digestsSeen: 2,
    aborted: null,
    strictFindings: [],
    gaps: [],
    unreadable: [],
    listedLogs: [],
    listingOverflow: 0,
    referenced: new Set(),
    ...over,
  };
}

const kinds = (f: ChainWalkFacts) => chainFindings(f).map((row) => row.kind);

describe("a chain's findings", () => {
  test("a clean walk finds nothing", () => {
    expect(chainFindings(facts({ listedLogs: [inWindow], referenced: new Set([inWindow]) }))).toEqual([]);
  });

  test.each([
    ["no digest while the trail logs: the chain is missing", facts({ digestsSeen: 0 }), ["chain-missing"]],
    ["no digest while the trail does not log, or logs without validation: nothing to expect", facts({ digestsSeen: 0, owesDigests: false }), []],
    ["no digest because the walk aborted: the abort, not a missing chain", facts({ digestsSeen: 0, aborted: "boom" }), ["aborted"]],
  ])("%s", (_label, input, expected) => {
    expect(kinds(input)).toEqual(expected);
  });

  test("chain-missing names the chain's digest folder and the window", () => {
    const [row] = chainFindings(facts({ digestsSeen: 0 }));
    expect(row).toMatchObject({ accountId: "111111111111", region: "eu-west-1", s3Uri: "s3://logs/AWSLogs/o-abcdefghij/111111111111/CloudTrail-Digest/eu-west-1/", fromTime: new Date("2026-03-04T12:00:00Z"), toTime: new Date("2026-03-04T13:00:00Z") });
  });

  test("listed log files no valid digest lists are unreferenced when their name is in the window or carries no time", () => {
    const rows = chainFindings(facts({ listedLogs: [inWindow, beforeWindow, nameless], referenced: new Set() }));
    expect(rows.map((r) => [r.kind, r.s3Uri])).toEqual([
      ["log-unreferenced", `s3://logs/${inWindow}`],
      ["log-unreferenced", `s3://logs/${nameless}`],
    ]);
  });

  test("an aborted walk judges no listed file", () => {
    expect(kinds(facts({ aborted: "cut", listedLogs: [inWindow] }))).toEqual(["aborted"]);
  });

  test("an unreadable digest and log file each say what went unchecked", () => {
    const rows = chainFindings(facts({ unreadable: [{ key: "d.json.gz", error: "AccessDenied", kind: "digest" }, { key: "l.json.gz", error: "AccessDenied", kind: "log" }] }));
    expect(rows.map((r) => r.message)).toEqual([
      "this digest could not be read, so the log files it lists are vouched for by nothing: AccessDenied",
      "this log file could not be read, so its hash was not checked: AccessDenied",
    ]);
  });

  test("objects past the listing's cap are one listing-capped finding with the count", () => {
    const [row] = chainFindings(facts({ listingOverflow: 7 }));
    expect(row).toMatchObject({ kind: "listing-capped", evidence: { kept: 100_000, notKept: 7 } });
  });

  test("a gap keeps its hours", () => {
    const gap = { from: new Date("2026-03-04T12:00:00Z"), to: new Date("2026-03-04T12:30:00Z"), message: "No log files were delivered" };
    expect(chainFindings(facts({ gaps: [gap] }))).toEqual([{ accountId: "111111111111", region: "eu-west-1", kind: "gap", message: gap.message, fromTime: gap.from, toTime: gap.to }]);
  });
});
