import { expect, test } from "vitest";
import { capFindings } from "@/lib/services/integrity/finding-cap";

const finding = (kind: string, region: string, n: number) => ({ accountId: "111111111111", region, kind, s3Uri: `s3://b/${kind}/${n}`, message: "m" });

test("past the cap, one finding per chain and kind counts the rest; other kinds and chains keep their own cap", () => {
  const input = [
    ...Array.from({ length: 5 }, (_, n) => finding("log-unreferenced", "us-east-1", n)),
    ...Array.from({ length: 2 }, (_, n) => finding("log-unreferenced", "eu-west-1", n)),
    finding("gap", "us-east-1", 0),
  ];
  const kept = capFindings(input, 3);
  expect(kept.filter((f) => f.region === "us-east-1" && f.kind === "log-unreferenced").map((f) => f.s3Uri)).toEqual([
    "s3://b/log-unreferenced/0",
    "s3://b/log-unreferenced/1",
    "s3://b/log-unreferenced/2",
    null,
  ]);
  const summary = kept.find((f) => f.s3Uri === null)!;
  expect(summary.evidence).toEqual({ listed: 3, notListed: 2, total: 5 });
  expect(summary.message).toBe("2 more log-unreferenced findings like the 3 above in this chain, not listed one by one (5 in all)");
  expect(kept.filter((f) => f.region === "eu-west-1")).toHaveLength(2);
  expect(kept.filter((f) => f.kind === "gap")).toHaveLength(1);
});
