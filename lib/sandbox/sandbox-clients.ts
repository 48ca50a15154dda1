import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity } from "@smithy/types";
import { MANAGEMENT_ACCOUNT_ID } from "@/lib/sandbox/plan";

// The seeder is the one part of TrailProof that writes to AWS, and only to the local emulator: it builds the demo
// organization. Its clients never carry the product's read-only guard, and it refuses any endpoint not on loopback.

/** The role the seeder assumes in member accounts (AWS Organizations creates it with every account). */
export const SEEDER_ROLE_NAME = "OrganizationAccountAccessRole";

export const SANDBOX_CREDENTIALS: AwsCredentialIdentity = { accessKeyId: "testing", secretAccessKey: "testing" };

export function assertLoopback(endpoint: string): void {
  const host = new URL(endpoint).hostname;
  if (!["127.0.0.1", "localhost", "[::1]", "::1"].includes(host)) {
    throw new Error(`the sandbox seeder writes only to a local emulator, not to ${endpoint}`);
  }
}

export interface ClientTarget {
  endpoint: string;
  region: string;
  credentials: AwsCredentialIdentity;
}

/** Credentials acting in `accountId`: the management account's own, or an assumed role in a member account. */
export class SandboxAccounts {
  private readonly cache = new Map<string, Promise<AwsCredentialIdentity>>();

  constructor(readonly endpoint: string) {
    assertLoopback(endpoint);
  }

  target(accountId: string, region: string): Promise<ClientTarget> {
    return this.credentials(accountId).then((credentials) => ({ endpoint: this.endpoint, region, credentials }));
  }

  private credentials(accountId: string): Promise<AwsCredentialIdentity> {
    if (accountId === MANAGEMENT_ACCOUNT_ID) return Promise.resolve(SANDBOX_CREDENTIALS);
    let cached = this.cache.get(accountId);
    if (!cached) {
      cached = this.assume(accountId);
      this.cache.set(accountId, cached);
    }
    return cached;
  }

  private async assume(accountId: string): Promise<AwsCredentialIdentity> {
    const sts = new STSClient({ region: "us-east-1", endpoint: this.endpoint, credentials: SANDBOX_CREDENTIALS });
    const { Credentials } = await sts.send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/${SEEDER_ROLE_NAME}`, RoleSessionName: "trailproof-sandbox-seeder" }),
    );
    if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey) throw new Error(`could not assume a role in ${accountId}`);
    return { accessKeyId: Credentials.AccessKeyId, secretAccessKey: Credentials.SecretAccessKey, sessionToken: Credentials.SessionToken };
  }
}
