import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { memoize } from "@smithy/property-provider";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import { clientConfig } from "@/lib/aws/client-config";
import { readOnlyGuard } from "@/lib/aws/read-only-guard";

// Credentials for the read-only audit role in each account: STS AssumeRole with the ExternalId, from the standard
// credential chain of whoever runs TrailProof. One provider per role, shared by every client of every region, so
// a scan assumes each role once; refreshed five minutes before expiry. Held in memory only, never stored or logged.

export interface RoleTarget {
  accountId: string;
  roleName: string;
  externalId?: string | null;
  partition?: string;
}

const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;
const SESSION_SECONDS = 3600;

export function roleArn(target: RoleTarget): string {
  return `arn:${target.partition ?? "aws"}:iam::${target.accountId}:role/${target.roleName}`;
}

/** A session name CloudTrail will show in the audited account: who looked, and why. */
export function sessionName(purpose: string): string {
  return `TrailProof-${purpose}`.replace(/[^\w+=,.@-]/g, "-").slice(0, 64);
}

export class RoleCredentials {
  private readonly providers = new Map<string, AwsCredentialIdentityProvider>();

  constructor(
    private readonly purpose: string,
    private readonly stsRegion = "us-east-1",
  ) {}

  for(target: RoleTarget): AwsCredentialIdentityProvider {
    const key = `${roleArn(target)}|${target.externalId ?? ""}`;
    let provider = this.providers.get(key);
    if (!provider) {
      provider = memoize(
        fromTemporaryCredentials({
          params: {
            RoleArn: roleArn(target),
            RoleSessionName: sessionName(this.purpose),
            DurationSeconds: SESSION_SECONDS,
            ...(target.externalId ? { ExternalId: target.externalId } : {}),
          },
          clientConfig: clientConfig({ region: this.stsRegion }),
          clientPlugins: [readOnlyGuard()],
        }),
        (credentials: AwsCredentialIdentity) =>
          credentials.expiration !== undefined && credentials.expiration.getTime() - Date.now() < REFRESH_BEFORE_EXPIRY_MS,
        (credentials: AwsCredentialIdentity) => credentials.expiration !== undefined,
      );
      this.providers.set(key, provider);
    }
    return provider;
  }
}
