import { DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DescribeKeyCommand, GetKeyRotationStatusCommand } from "@aws-sdk/client-kms";
import type { AwsClients } from "@/lib/aws/clients";
import { read } from "@/lib/aws/read";
import type { KmsKey, LogGroup, Read } from "@/lib/core/checks/snapshot";

/** Region and account of a key or log group ARN; null when the value is a bare id or alias. */
export function arnLocation(arn: string): { region: string; accountId: string } | null {
  const parts = arn.split(":");
  if (parts[0] !== "arn" || parts.length < 6 || !parts[3] || !parts[4]) return null;
  return { region: parts[3], accountId: parts[4] };
}

export function describeKmsKey(clients: AwsClients, keyId: string, region: string, accountId: string): Promise<Read<KmsKey>> {
  return read("kms:DescribeKey", accountId, async () => {
    const kms = clients.kms(region);
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: keyId }));
    if (!KeyMetadata?.Arn) throw Object.assign(new Error(`DescribeKey returned no metadata for ${keyId}`), { name: "EmptyResponse" });
    const keyManager = KeyMetadata.KeyManager === "AWS" ? "AWS" : "CUSTOMER";
    return {
      arn: KeyMetadata.Arn,
      keyManager,
      keyState: KeyMetadata.KeyState ?? "Unknown",
      // AWS managed keys rotate by themselves and do not answer GetKeyRotationStatus for other accounts.
      rotation:
        keyManager === "CUSTOMER"
          ? await read("kms:GetKeyRotationStatus", accountId, async () =>
              Boolean((await kms.send(new GetKeyRotationStatusCommand({ KeyId: KeyMetadata.Arn }))).KeyRotationEnabled),
            )
          : null,
    };
  });
}

/** The log group a trail names, e.g. arn:aws:logs:eu-west-1:111122223333:log-group:NAME:* (null: it does not exist). */
export function describeLogGroup(clients: AwsClients, logGroupArn: string, accountId: string): Promise<Read<LogGroup | null>> {
  return read("logs:DescribeLogGroups", accountId, async () => {
    const location = arnLocation(logGroupArn);
    const name = logGroupArn.split(":log-group:")[1]?.replace(/:\*$/, "");
    if (!location || !name) throw Object.assign(new Error(`not a log group ARN: ${logGroupArn}`), { name: "InvalidArn" });
    // Exact name match: a prefix query also returns longer names (and some emulators ignore identifier filters).
    let nextToken: string | undefined;
    do {
      const page = await clients.logs(location.region).send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name, nextToken }));
      const group = page.logGroups?.find((g) => g.logGroupName === name);
      if (group) {
        return { name, arn: group.arn ?? logGroupArn, kmsKeyId: group.kmsKeyId ?? null, retentionInDays: group.retentionInDays ?? null };
      }
      nextToken = page.nextToken;
    } while (nextToken);
    return null;
  });
}
