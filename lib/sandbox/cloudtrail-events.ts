import type { SeededRandom } from "@/lib/sandbox/seeded-random";

// Realistic CloudTrail management events (DIGESTS.md section 2) for the sandbox's log files. The validator never
// parses them; they exist so the sandbox looks and weighs like a real trail, and so a forged record is easy to show.

export interface CloudTrailRecord {
  eventVersion: string;
  userIdentity: Record<string, unknown>;
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  sourceIPAddress: string;
  userAgent: string;
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
  requestID: string;
  eventID: string;
  readOnly: boolean;
  eventType: string;
  managementEvent: boolean;
  recipientAccountId: string;
  eventCategory: string;
  errorCode?: string;
  errorMessage?: string;
  tlsDetails?: Record<string, string>;
}

interface ApiCall {
  source: string;
  name: string;
  readOnly: boolean;
  request: (random: SeededRandom, region: string) => Record<string, unknown> | null;
  response?: (random: SeededRandom) => Record<string, unknown> | null;
}

const CALLS: readonly ApiCall[] = [
  { source: "ec2.amazonaws.com", name: "DescribeInstances", readOnly: true, request: () => ({ instancesSet: {}, filterSet: {} }) },
  {
    source: "ec2.amazonaws.com",
    name: "RunInstances",
    readOnly: false,
    request: (random) => ({ instanceType: random.pick(["t3.micro", "m6i.large"]), minCount: 1, maxCount: 1 }),
    response: (random) => ({ instancesSet: { items: [{ instanceId: `i-${random.hex(17)}` }] } }),
  },
  { source: "s3.amazonaws.com", name: "ListBuckets", readOnly: true, request: () => null },
  {
    source: "s3.amazonaws.com",
    name: "PutBucketPolicy",
    readOnly: false,
    request: (random) => ({ bucketName: `app-${random.alnum(6).toLowerCase()}`, policy: "" }),
  },
  { source: "iam.amazonaws.com", name: "ListRoles", readOnly: true, request: () => ({ maxItems: 100 }) },
  {
    source: "iam.amazonaws.com",
    name: "CreateAccessKey",
    readOnly: false,
    request: (random) => ({ userName: random.pick(["deploy", "ci-bot", "alice"]) }),
    response: (random) => ({ accessKey: { accessKeyId: `AKIA${random.alnum(16).toUpperCase()}`, status: "Active" } }),
  },
  { source: "sts.amazonaws.com", name: "GetCallerIdentity", readOnly: true, request: () => null },
  {
    source: "sts.amazonaws.com",
    name: "AssumeRole",
    readOnly: true,
    request: (random) => ({ roleArn: "arn:aws:iam::111122223333:role/Audit", roleSessionName: `s-${random.alnum(8)}` }),
  },
  { source: "kms.amazonaws.com", name: "Decrypt", readOnly: true, request: () => ({ encryptionAlgorithm: "SYMMETRIC_DEFAULT" }) },
  { source: "cloudtrail.amazonaws.com", name: "LookupEvents", readOnly: true, request: () => ({ maxResults: 50 }) },
  {
    source: "cloudtrail.amazonaws.com",
    name: "GetTrailStatus",
    readOnly: true,
    request: (_random, region) => ({ name: `arn:aws:cloudtrail:${region}:111122223333:trail/main` }),
  },
  { source: "logs.amazonaws.com", name: "DescribeLogGroups", readOnly: true, request: () => ({ limit: 50 }) },
  { source: "signin.amazonaws.com", name: "ConsoleLogin", readOnly: false, request: () => null },
];

const AGENTS = [
  "aws-cli/2.15.30 Python/3.11.8 Linux/6.1 exe/x86_64.amzn.2023 prompt/off command/ec2.describe-instances",
  "aws-sdk-js/3.600.0 ua/2.0 os/linux#6.1 lang/js md/nodejs#20.15.0 api/s3#3.600.0",
  "Boto3/1.34.100 md/Botocore#1.34.100 ua/2.0 os/linux#6.1 lang#python#3.12.3",
  "console.amazonaws.com",
  "AWS Internal",
];

function identity(random: SeededRandom, accountId: string): Record<string, unknown> {
  const principal = `AIDA${random.alnum(17).toUpperCase()}`;
  if (random.chance(0.5)) {
    const user = random.pick(["alice", "bob", "deploy", "ci-bot"]);
    return {
      type: "IAMUser",
      principalId: principal,
      arn: `arn:aws:iam::${accountId}:user/${user}`,
      accountId,
      accessKeyId: `AKIA${random.alnum(16).toUpperCase()}`,
      userName: user,
    };
  }
  const role = random.pick(["Admin", "ReadOnly", "Deployer"]);
  const session = `s-${random.alnum(10)}`;
  return {
    type: "AssumedRole",
    principalId: `AROA${random.alnum(17).toUpperCase()}:${session}`,
    arn: `arn:aws:sts::${accountId}:assumed-role/${role}/${session}`,
    accountId,
    accessKeyId: `ASIA${random.alnum(16).toUpperCase()}`,
    sessionContext: {
      sessionIssuer: { type: "Role", principalId: `AROA${random.alnum(17).toUpperCase()}`, arn: `arn:aws:iam::${accountId}:role/${role}`, accountId, userName: role },
      attributes: { creationDate: "2024-01-01T00:00:00Z", mfaAuthenticated: String(random.chance(0.3)) },
    },
  };
}

export function managementEvent(random: SeededRandom, accountId: string, region: string, time: Date): CloudTrailRecord {
  const call = random.pick(CALLS);
  const failed = random.chance(0.08);
  const record: CloudTrailRecord = {
    eventVersion: "1.09",
    userIdentity: identity(random, accountId),
    eventTime: time.toISOString().replace(/\.\d{3}Z$/, "Z"),
    eventSource: call.source,
    eventName: call.name,
    awsRegion: region,
    sourceIPAddress: `${random.int(3, 223)}.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}`,
    userAgent: random.pick(AGENTS),
    requestParameters: call.request(random, region),
    responseElements: failed ? null : (call.response?.(random) ?? null),
    requestID: random.uuid(),
    eventID: random.uuid(),
    readOnly: call.readOnly,
    eventType: call.source === "signin.amazonaws.com" ? "AwsConsoleSignIn" : "AwsApiCall",
    managementEvent: true,
    recipientAccountId: accountId,
    eventCategory: "Management",
  };
  if (failed) {
    record.errorCode = "AccessDenied";
    record.errorMessage = `User is not authorized to perform: ${call.source.split(".")[0]}:${call.name}`;
  }
  if (random.chance(0.7)) {
    record.tlsDetails = {
      tlsVersion: "TLSv1.3",
      cipherSuite: "TLS_AES_128_GCM_SHA256",
      clientProvidedHostHeader: `${call.source.split(".")[0]}.${region}.amazonaws.com`,
    };
  }
  return record;
}
