import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";

// One place for how TrailProof talks to AWS: adaptive retries against throttling, timeouts so one slow region cannot
// stall a scan, and AWS_ENDPOINT_URL (a local emulator) with the path-style S3 addressing it needs.

export type Credentials = AwsCredentialIdentity | AwsCredentialIdentityProvider;

export interface ClientConfigOptions {
  region: string;
  credentials?: Credentials;
  /** Overrides AWS_ENDPOINT_URL. */
  endpoint?: string;
  maxAttempts?: number;
}

export function endpointFromEnvironment(): string | undefined {
  return process.env.AWS_ENDPOINT_URL || undefined;
}

/** How long one AWS request may take before it is abandoned (and retried): TRAILPROOF_AWS_TIMEOUT_MS, 30 s by default. */
export function requestTimeoutMs(): number {
  const configured = Number(process.env.TRAILPROOF_AWS_TIMEOUT_MS);
  return Number.isFinite(configured) && configured > 0 ? configured : 30_000;
}

export function clientConfig(options: ClientConfigOptions) {
  const endpoint = options.endpoint ?? endpointFromEnvironment();
  return {
    region: options.region,
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(endpoint ? { endpoint } : {}),
    retryMode: "adaptive" as const,
    maxAttempts: options.maxAttempts ?? 6,
    // Without throwOnRequestTimeout the handler only logs a warning and the request hangs on (a dead region would
    // stall the whole scan); with it, a timeout is an error the SDK retries and then reports.
    requestHandler: new NodeHttpHandler({ connectionTimeout: 5_000, requestTimeout: requestTimeoutMs(), throwOnRequestTimeout: true }),
  };
}

/** S3 needs path-style addressing against an emulator endpoint (bucket names are not DNS names on 127.0.0.1). */
export function s3ClientConfig(options: ClientConfigOptions) {
  const base = clientConfig(options);
  return { ...base, forcePathStyle: "endpoint" in base };
}
