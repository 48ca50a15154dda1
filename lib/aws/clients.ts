import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { EC2Client } from "@aws-sdk/client-ec2";
import { KMSClient } from "@aws-sdk/client-kms";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { S3Client } from "@aws-sdk/client-s3";
import { S3ControlClient } from "@aws-sdk/client-s3-control";
import { clientConfig, endpointFromEnvironment, s3ClientConfig, type Credentials } from "@/lib/aws/client-config";
import { readOnlyGuard } from "@/lib/aws/read-only-guard";

// The only way the product builds AWS clients: each one read-only-guarded, configured in one place, and reused per
// (credentials, region) for the life of a scan or validation, so connections are pooled.

type Guardable = { middlewareStack: { use(plugin: ReturnType<typeof readOnlyGuard>): void } };

function guarded<T>(client: T): T {
  (client as unknown as Guardable).middlewareStack.use(readOnlyGuard());
  return client;
}

export class AwsClients {
  private readonly cache = new Map<string, unknown>();

  constructor(readonly credentials?: Credentials) {}

  private get<T>(kind: string, region: string, make: () => T): T {
    const key = `${kind}|${region}`;
    let client = this.cache.get(key) as T | undefined;
    if (!client) {
      client = guarded(make());
      this.cache.set(key, client);
    }
    return client;
  }

  private options(region: string) {
    return { region, credentials: this.credentials };
  }

  cloudTrail = (region: string) => this.get("cloudtrail", region, () => new CloudTrailClient(clientConfig(this.options(region))));
  logs = (region: string) => this.get("logs", region, () => new CloudWatchLogsClient(clientConfig(this.options(region))));
  kms = (region: string) => this.get("kms", region, () => new KMSClient(clientConfig(this.options(region))));
  ec2 = (region: string) => this.get("ec2", region, () => new EC2Client(clientConfig(this.options(region))));
  organizations = () => this.get("organizations", "us-east-1", () => new OrganizationsClient(clientConfig(this.options("us-east-1"))));
  s3 = (region: string) => this.get("s3", region, () => new S3Client(s3ClientConfig(this.options(region))));
  s3Control = (region: string) =>
    this.get("s3control", region, () => {
      const endpoint = endpointFromEnvironment();
      // S3 Control puts the account id in the host name; an emulator endpoint must be used as is (MOTO.md, 5).
      return new S3ControlClient({
        ...clientConfig(this.options(region)),
        ...(endpoint ? { endpointProvider: () => ({ url: new URL(endpoint) }) } : {}),
      });
    });
}
