import { describe, expect, test } from "vitest";
import {
  type DigestScope,
  digestKey,
  digestKeyDateText,
  digestKeyPattern,
  digestListPrefix,
  digestStartMarker,
  isBackfillDigestKey,
  logFileKey,
  parseTrailArn,
} from "@/lib/core/integrity/keys";
import { parsePyDate } from "@/lib/core/integrity/py-date";

// Expected keys, prefixes and regex verdicts were produced by awscli 1.45.11's DigestProvider.

const scope: DigestScope = {
  prefix: null,
  organizationId: null,
  accountId: "111122223333",
  sourceRegion: "us-east-2",
  homeRegion: "us-east-1",
  trailName: "main",
};
const orgScope: DigestScope = { ...scope, organizationId: "o-abc1234567" };
const KEY =
  "AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/111122223333_CloudTrail-Digest_us-east-2_main_us-east-1_20150817T150131Z.json.gz";

describe("parseTrailArn", () => {
  test.each([
    { label: "a trail ARN", arn: "arn:aws:cloudtrail:us-east-1:123456789012:trail/foo", home: "us-east-1", account: "123456789012", name: "foo" },
    { label: "a name after the last slash", arn: "arn:aws-cn:cloudtrail:cn-north-1:123456789012:trail/a/b", home: "cn-north-1", account: "123456789012", name: "b" },
    { label: "a trailing newline (re.match is not anchored at the end)", arn: "arn:aws:cloudtrail:us-east-1:123456789012:trail/foo\n", home: "us-east-1", account: "123456789012", name: "foo\n" },
    { label: "Unicode digits (\\d in Python)", arn: "arn:aws:cloudtrail:us-east-1:١٢٣٤٥٦٧٨٩٠١٢:trail/foo", home: "us-east-1", account: "١٢٣٤٥٦٧٨٩٠١٢", name: "foo" },
  ])("accepts $label", ({ arn, home, account, name }) => {
    expect(parseTrailArn(arn)).toMatchObject({ homeRegion: home, accountId: account, name });
  });

  test.each([
    { label: "an 11-digit account", arn: "arn:aws:cloudtrail:us-east-1:12345678901:trail/foo" },
    { label: "an empty name", arn: "arn:aws:cloudtrail:us-east-1:123456789012:trail/" },
    { label: "text before arn:", arn: "xarn:aws:cloudtrail:us-east-1:123456789012:trail/foo" },
    { label: "another service", arn: "arn:aws:s3:us-east-1:123456789012:trail/foo" },
  ])("rejects $label", ({ arn }) => {
    expect(() => parseTrailArn(arn)).toThrow(`Invalid trail ARN provided: ${arn}`);
  });
});

describe("listing prefix and start marker", () => {
  const start = parsePyDate("2015-08-17T00:00:30Z");
  test.each([
    {
      label: "with a key prefix",
      scope: { ...scope, prefix: "audit" },
      prefix: "audit/AWSLogs/111122223333/CloudTrail-Digest/us-east-2",
      marker:
        "audit/AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/16/111122223333_CloudTrail-Digest_us-east-2_main_us-east-1_20150816T235930Z.json.gz",
    },
    {
      label: "an organization trail",
      scope: orgScope,
      prefix: "AWSLogs/o-abc1234567/111122223333/CloudTrail-Digest/us-east-2",
      marker:
        "AWSLogs/o-abc1234567/111122223333/CloudTrail-Digest/us-east-2/2015/08/16/111122223333_CloudTrail-Digest_us-east-2_main_us-east-1_20150816T235930Z.json.gz",
    },
    { label: "an empty prefix, like none", scope: { ...scope, prefix: "" }, prefix: "AWSLogs/111122223333/CloudTrail-Digest/us-east-2", marker: undefined },
  ])("$label", ({ scope, prefix, marker }) => {
    expect(digestListPrefix(scope)).toBe(prefix);
    if (marker) expect(digestStartMarker(scope, start)).toBe(marker);
  });
});

describe("digestKeyPattern (awscli's regex)", () => {
  test.each([
    { label: "a digest key", key: KEY, plain: true, org: false },
    { label: "a backfill key", key: KEY.replace(".json.gz", "_backfill.json.gz"), plain: true, org: false },
    { label: "a final newline ($ in Python)", key: `${KEY}\n`, plain: true, org: false },
    { label: "text after a newline", key: `${KEY}\nx`, plain: false, org: false },
    { label: "another trail", key: KEY.replace("_main_", "_other_"), plain: false, org: false },
    { label: "another home region", key: KEY.replace("us-east-1_", "us-west-2_"), plain: false, org: false },
    { label: "unpadded date folders", key: KEY.replace("2015/08/17", "2015/8/7"), plain: true, org: false },
    { label: "Unicode digits in folders", key: KEY.replace("2015/08/17", "٢٠١٥/08/17"), plain: true, org: false },
    { label: "a log file folder", key: KEY.replace("CloudTrail-Digest/", "CloudTrail/"), plain: false, org: false },
    { label: "no .gz", key: KEY.replace(".json.gz", ".json"), plain: false, org: false },
    { label: "an unexpected prefix", key: `audit/${KEY}`, plain: false, org: false },
    { label: "an organization key", key: KEY.replace("AWSLogs/", "AWSLogs/o-abc1234567/"), plain: false, org: true },
  ])("$label: plain $plain, organization $org", ({ key, plain, org }) => {
    expect(digestKeyPattern(scope).test(key)).toBe(plain);
    expect(digestKeyPattern(orgScope).test(key)).toBe(org);
  });

  test("escapes every part, so a dot in the prefix is literal", () => {
    const pattern = digestKeyPattern({ ...scope, prefix: "a.b" });
    expect(pattern.test(`a.b/${KEY}`)).toBe(true);
    expect(pattern.test(`axb/${KEY}`)).toBe(false);
  });
});

describe("digest key dates by position", () => {
  test.each([
    { label: "a standard key", key: KEY, backfill: false, date: "20150817T150131Z" },
    { label: "a backfill key", key: KEY.replace(".json.gz", "_backfill.json.gz"), backfill: true, date: "20150817T150131Z" },
    { label: "a short key", key: "garbage", backfill: false, date: "" },
    { label: "a key without a date", key: KEY.replace("20150817T150131Z", "x"), backfill: false, date: "main_us-east-1_x" },
  ])("$label", ({ key, backfill, date }) => {
    expect(isBackfillDigestKey(key)).toBe(backfill);
    expect(digestKeyDateText(key)).toBe(date);
  });
});

describe("formatting keys", () => {
  test.each([
    { label: "a digest", make: () => digestKey(scope, new Date("2015-08-17T15:01:31Z")), key: KEY },
    {
      label: "a backfill digest with a prefix",
      make: () => digestKey({ ...scope, prefix: "p" }, new Date("2015-08-07T05:01:31Z"), { backfill: true }),
      key: "p/AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/07/111122223333_CloudTrail-Digest_us-east-2_main_us-east-1_20150807T050131Z_backfill.json.gz",
    },
    {
      label: "a log file of an organization trail",
      make: () => logFileKey(orgScope, new Date("2015-08-17T14:45:59Z"), "9nYN7gp2eWAJHIfT"),
      key: "AWSLogs/o-abc1234567/111122223333/CloudTrail/us-east-2/2015/08/17/111122223333_CloudTrail_us-east-2_20150817T1445Z_9nYN7gp2eWAJHIfT.json.gz",
    },
  ])("$label", ({ make, key }) => {
    expect(make()).toBe(key);
  });
});
