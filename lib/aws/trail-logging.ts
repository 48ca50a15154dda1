import { GetTrailStatusCommand } from "@aws-sdk/client-cloudtrail";
import type { AwsClients } from "@/lib/aws/clients";

// GetTrailStatus for validate-logs' strict findings only: whether the trail is logging now, which decides whether
// a newest digest must exist. awscli never calls it, so nothing about it may show in the parity output: any failure
// (access denied, throttling, a trail in another account) is "unknown", and the strict check then stays silent.

export async function trailIsLogging(clients: Pick<AwsClients, "cloudTrail">, homeRegion: string, trailArn: string): Promise<boolean | null> {
  try {
    const status = await clients.cloudTrail(homeRegion).send(new GetTrailStatusCommand({ Name: trailArn }));
    return status.IsLogging ?? null;
  } catch {
    return null;
  }
}
