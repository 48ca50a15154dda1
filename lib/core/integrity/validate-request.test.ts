import { describe, expect, test } from "vitest";
import { buildValidateRequest, type ValidateLogsInput } from "@/lib/core/integrity/validate-request";

const input: ValidateLogsInput = {
  trailArn: "arn:aws:cloudtrail:us-east-1:111122223333:trail/main",
  startTime: "2015-08-17T00:00:00Z",
  endTime: "2015-08-18T00:00:00Z",
  now: new Date("2020-01-01T00:00:00Z"),
  sourceRegion: "eu-west-1",
  bucket: "bucket",
  prefix: null,
  verbose: false,
};

describe("buildValidateRequest", () => {
  test("takes the home region and name from the ARN, the source region from --region", () => {
    expect(buildValidateRequest(input).scope).toEqual({
      prefix: null,
      organizationId: null,
      accountId: "111122223333",
      sourceRegion: "eu-west-1",
      homeRegion: "us-east-1",
      trailName: "main",
    });
  });

  test.each([
    { label: "an offset start keeps its wall clock (normalize_date)", change: { startTime: "2015-08-17T02:00:00+02:00" }, start: "2015-08-17T02:00:00Z", end: "2015-08-18T00:00:00Z" },
    { label: "no end time means now", change: { endTime: undefined }, start: "2015-08-17T00:00:00Z", end: "2020-01-01T00:00:00Z" },
    { label: "start equal to end is allowed", change: { endTime: "2015-08-17T00:00:00Z" }, start: "2015-08-17T00:00:00Z", end: "2015-08-17T00:00:00Z" },
  ])("$label", ({ change, start, end }) => {
    const request = buildValidateRequest({ ...input, ...change });
    expect(request.start).toEqual({ wallMs: Date.parse(start), offsetMs: 0 });
    expect(request.end).toEqual({ wallMs: Date.parse(end), offsetMs: 0 });
  });

  test("--account-id replaces the ARN's account (organization member accounts)", () => {
    const request = buildValidateRequest({ ...input, accountId: "444455556666", organizationId: "o-abc1234567" });
    expect(request.scope).toMatchObject({ accountId: "444455556666", organizationId: "o-abc1234567" });
  });

  test.each([
    { label: "an unparsable start", change: { startTime: "last week" }, message: "Unable to parse date value: last week" },
    { label: "a reversed window", change: { endTime: "2015-08-16T00:00:00Z" }, message: "Invalid time range specified: start-time must occur before end-time" },
    { label: "a bad ARN, checked after the dates", change: { trailArn: "arn:aws:s3:::bucket" }, message: "Invalid trail ARN provided: arn:aws:s3:::bucket" },
    { label: "both a bad date and a bad ARN: the date wins", change: { trailArn: "x", startTime: "x" }, message: "Unable to parse date value: x" },
    { label: "an organization trail without --account-id", change: { organizationId: "o-abc1234567" }, message: "Missing required parameter for organization trail: '--account-id'" },
  ])("rejects $label with awscli's message", ({ change, message }) => {
    expect(() => buildValidateRequest({ ...input, ...change })).toThrow(message);
  });
});
