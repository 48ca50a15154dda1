import { DeleteObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { CloudTrailClient, StopLoggingCommand } from "@aws-sdk/client-cloudtrail";
import { expect, test } from "vitest";
import { readOnlyGuard, ReadOnlyViolation } from "@/lib/aws/read-only-guard";

// The guard refuses before anything is signed or sent: these clients point at a closed port and have no
// credentials, so any other outcome than ReadOnlyViolation would mean the request went further.
const offline = { region: "us-east-1", endpoint: "http://127.0.0.1:1", credentials: { accessKeyId: "x", secretAccessKey: "y" } };

test.each([
  { label: "S3 PutObject", send: () => guarded(new S3Client(offline)).send(new PutObjectCommand({ Bucket: "b", Key: "k", Body: "x" })), op: "PutObject" },
  { label: "S3 DeleteObject", send: () => guarded(new S3Client(offline)).send(new DeleteObjectCommand({ Bucket: "b", Key: "k" })), op: "DeleteObject" },
  { label: "CloudTrail StopLogging", send: () => guarded(new CloudTrailClient(offline)).send(new StopLoggingCommand({ Name: "t" })), op: "StopLogging" },
])("refuses $label before sending it", async ({ send, op }) => {
  await expect(send()).rejects.toEqual(new ReadOnlyViolation(op));
});

function guarded<T extends S3Client | CloudTrailClient>(client: T): T {
  (client as S3Client).middlewareStack.use(readOnlyGuard());
  return client;
}
