import { expect, test } from "vitest";
import { isReadOnlyOperation } from "@/lib/core/read-only";

test.each([
  ["DescribeTrails", true],
  ["GetTrailStatus", true],
  ["ListPublicKeys", true],
  ["LookupEvents", true],
  ["AssumeRole", true],
  ["GetObject", true],
  ["PutObject", false],
  ["DeleteTrail", false],
  ["StopLogging", false],
  ["CreateTrail", false],
  ["UpdateTrail", false],
  ["AssumeRoleWithWebIdentity", false],
  ["Getaway", false], // a read verb must be a whole word
  ["", false],
])("%s is read-only: %s", (operation, expected) => {
  expect(isReadOnlyOperation(operation)).toBe(expected);
});
