import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { EC2Client } from "@aws-sdk/client-ec2";
import { KMSClient } from "@aws-sdk/client-kms";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { S3Client } from "@aws-sdk/client-s3";
import { S3ControlClient } from "@aws-sdk/client-s3-control";
import { clientConfig, endpointFromEnvironment, s3ClientConfig } from "@/lib/aws/client-config";
import { GuardedClients } from "@/lib/aws/guarded-clients";

// Every service the scan reads, built through GuardedClients (read-only, cached per region).

export class AwsClients extends GuardedClients {
  private get<T>(kind: string, region: string, make: () => T): T {
    return this.client(`${kind}|${region}`, make);
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
