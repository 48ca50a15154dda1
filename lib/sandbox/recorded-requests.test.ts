import { expect, test } from "vitest";
import { isReadOnlyOperation } from "@/lib/core/read-only";
import { isReadRequest, parseRecording } from "@/lib/sandbox/recorded-requests";

const auth = (service: string) => `AWS4-HMAC-SHA256 Credential=testing/20261123/us-east-1/${service}/aws4_request, SignedHeaders=host`;
const line = (entry: object) => JSON.stringify(entry);

const recording = [
  line({ method: "POST", url: "http://h/", headers: { Authorization: auth("cloudtrail"), "X-Amz-Target": "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.DescribeTrails" }, body: "e30=", body_encoded: true }),
  line({ method: "POST", url: "http://h/", headers: { Authorization: auth("cloudtrail"), "X-Amz-Target": "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.StopLogging" }, body: "{}" }),
  line({ method: "POST", url: "http://h/", headers: { Authorization: auth("sts") }, body: Buffer.from("Action=AssumeRole&Version=2011-06-15").toString("base64"), body_encoded: true }),
  line({ method: "GET", url: "http://h/bucket?versioning", headers: { Authorization: auth("s3") } }),
  line({ method: "PUT", url: "http://h/bucket/key", headers: { Authorization: auth("s3") } }),
  line({ method: "DELETE", url: "http://h/bucket/key", headers: { authorization: auth("s3") } }),
].join("\n");

test("names each recorded request and tells reads from writes", () => {
  const requests = parseRecording(recording);
  expect(requests.map((r) => [r.service, r.action, isReadRequest(r, isReadOnlyOperation)])).toEqual([
    ["cloudtrail", "DescribeTrails", true],
    ["cloudtrail", "StopLogging", false],
    ["sts", "AssumeRole", true],
    ["s3", "GET", true],
    ["s3", "PUT", false],
    ["s3", "DELETE", false],
  ]);
});
