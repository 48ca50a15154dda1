import { describe, expect, test } from "vitest";
import { overdueChains } from "@/lib/core/alerts/digest-watch";
import { digestsExpectedUntil } from "@/lib/core/integrity/strict-findings";

// The deadline by hand: a digest is due every hour, 30 minutes are allowed for delivery and 15 for jitter, so at
// 12:00 (expectedUntil 11:30) a chain is late when its newest digest ends before 10:15.
const at = (time: string) => new Date(`2026-03-01T${time}:00Z`);

describe("overdueChains", () => {
  test.each([
    { label: "newest digest 1 h 45 min before now: on time", newest: "10:15", now: "12:00", overdue: false },
    { label: "newest digest a minute older: overdue", newest: "10:14", now: "12:00", overdue: true },
    { label: "newest digest an hour old: on time", newest: "11:00", now: "12:00", overdue: false },
    { label: "no digest ever: overdue", newest: null, now: "12:00", overdue: true },
  ])("$label", ({ newest, now, overdue }) => {
    const chain = { accountId: "111111111111", region: "us-east-1", newestUri: newest ? "s3://b/k" : null, newestEnd: newest ? at(newest) : null };
    const windowEnd = at(now);
    const found = overdueChains([chain], digestsExpectedUntil(windowEnd, at(now)));
    expect(found.length === 1).toBe(overdue);
  });

  test("a run over an older window judges the chain as of that window, not as of today", () => {
    // A window ending 09:00, validated at 18:00: expectedUntil is 10:00, so a digest ending 09:00 is on time.
    const chain = { accountId: "111111111111", region: "us-east-1", newestUri: "s3://b/k", newestEnd: at("09:00") };
    expect(overdueChains([chain], digestsExpectedUntil(at("09:00"), at("18:00")))).toEqual([]);
  });

  test("an overdue chain says which digest was last and by when one was due", () => {
    const chain = { accountId: "111111111111", region: "eu-west-1", newestUri: "s3://b/old", newestEnd: at("06:00") };
    expect(overdueChains([chain], at("11:30"))).toEqual([
      { accountId: "111111111111", region: "eu-west-1", lastDigestUri: "s3://b/old", lastDigestEnd: at("06:00"), expectedUntil: at("11:30") },
    ]);
  });
});
