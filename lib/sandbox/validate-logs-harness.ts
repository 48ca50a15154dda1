import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { CloudTrailClient, CreateTrailCommand } from "@aws-sdk/client-cloudtrail";
import { CreateAccountCommand, CreateOrganizationCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { type BucketLocationConstraint, CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { generateTrailFiles, type SandboxBucket, type TrailFiles, type TrailFilesSpec } from "@/lib/sandbox/cloudtrail-files";
import { referenceTrailSpec } from "@/lib/sandbox/cloudtrail-scenarios";
import type { TamperChange } from "@/lib/sandbox/cloudtrail-tamper";
import { MANAGEMENT_ACCOUNT_ID } from "@/lib/sandbox/plan";
import { type ClientTarget, SANDBOX_CREDENTIALS } from "@/lib/sandbox/sandbox-clients";
import { registerPublicKeys, uploadObjects } from "@/lib/sandbox/upload-trail-files";

// Test support for `trailproof validate-logs` against the real `aws cloudtrail validate-logs`: plant a generated
// (possibly tampered) trail in the emulator as CloudTrail would have delivered it, then run both command lines
// with the same arguments and environment and collect what each printed and how it exited.

export interface CliResult {
  stdout: string;
  stderr: string;
  code: number | null;
}

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

/** True when an `aws` command is on PATH (checked without starting it: awscli takes a second to start). */
export const hasAwsCli = spawnSync("sh", ["-c", "command -v aws"], { stdio: "ignore" }).status === 0;

const ROOT = path.resolve(import.meta.dirname, "..", "..");

/** An environment that reaches only the emulator: no AWS variable, profile or config file of the host leaks in. */
export function emulatorEnv(endpoint: string, overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("AWS_")));
  const merged: Record<string, string | undefined> = {
    ...env,
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: "testing",
    AWS_SECRET_ACCESS_KEY: "testing",
    AWS_DEFAULT_REGION: "us-east-2",
    AWS_CONFIG_FILE: "/nonexistent/aws-config",
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/aws-credentials",
    ...overrides,
  };
  for (const [name, value] of Object.entries(merged)) if (value === undefined) delete merged[name];
  return merged as NodeJS.ProcessEnv;
}

export function runCli(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.once("error", reject);
    child.once("close", (code) => resolve({ stdout: Buffer.concat(stdout).toString(), stderr: Buffer.concat(stderr).toString(), code }));
  });
}

export const runAwscli = (args: readonly string[], env: NodeJS.ProcessEnv) => runCli("aws", ["cloudtrail", "validate-logs", ...args], env);

export const runTrailproof = (args: readonly string[], env: NodeJS.ProcessEnv) =>
  runCli(process.execPath, [path.join(ROOT, "bin", "trailproof.mjs"), "validate-logs", ...args], env);

let installedVersion: string | undefined;

/** The installed AWS CLI's version ("1.45.11"), asked once. */
export function installedAwscliVersion(): string {
  installedVersion ??= /aws-cli\/(\S+)/.exec(spawnSync("aws", ["--version"], { encoding: "utf8" }).stdout)?.[1] ?? "";
  return installedVersion;
}

/** Both command lines at once, same arguments, same environment; TrailProof follows the installed AWS CLI's version. */
export async function runBoth(args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ awscli: CliResult; trailproof: CliResult }> {
  const compatible = { ...env, TRAILPROOF_AWSCLI_COMPAT: installedAwscliVersion() };
  const [awscli, trailproof] = await Promise.all([runAwscli(args, env), runTrailproof(args, compatible)]);
  return { awscli, trailproof };
}

export interface PlantedTrail {
  files: TrailFiles;
  /** The ARN CreateTrail returned (the management account's, also for an organization trail). */
  trailArn: string;
  bucket: string;
  changes: TamperChange[];
}

export interface PlantOptions {
  /** Names the bucket (`tpvl-{name}`) and the trail. */
  name: string;
  /** Overrides of the reference trail; the account defaults to moto's, the caller's, so DescribeTrails lists it. */
  spec?: Partial<TrailFilesSpec>;
  tamper?: (files: TrailFiles, bucket: SandboxBucket) => TamperChange[];
  organizationTrail?: boolean;
  /** Where the bucket is created (default: the trail's home region). */
  bucketRegion?: string;
}

/** Creates the bucket and a multi-region trail in its home region, uploads the files, registers the keys. */
export async function plantTrail(endpoint: string, options: PlantOptions): Promise<PlantedTrail> {
  const bucket = `tpvl-${options.name}`;
  const files = generateTrailFiles(
    referenceTrailSpec({ accountId: MANAGEMENT_ACCOUNT_ID, bucket, trailName: options.name, ...options.spec }),
  );
  const target: ClientTarget = { endpoint, region: files.spec.homeRegion, credentials: SANDBOX_CREDENTIALS };
  const bucketRegion = options.bucketRegion ?? target.region;
  const location = bucketRegion === "us-east-1" ? {} : { CreateBucketConfiguration: { LocationConstraint: bucketRegion as BucketLocationConstraint } };
  await new S3Client({ ...target, region: bucketRegion, forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: bucket, ...location }));
  const { TrailARN } = await new CloudTrailClient(target).send(
    new CreateTrailCommand({
      Name: options.name,
      S3BucketName: bucket,
      S3KeyPrefix: files.spec.prefix ?? undefined,
      IsMultiRegionTrail: true,
      EnableLogFileValidation: true,
      IsOrganizationTrail: options.organizationTrail ?? false,
    }),
  );
  const objects = new Map(files.objects);
  const changes = options.tamper?.(files, objects) ?? [];
  await uploadObjects(target, bucket, objects);
  await registerPublicKeys(endpoint, files.spec.sourceRegion, files.keys);
  return { files, trailArn: TrailARN!, bucket, changes };
}

/** An organization with the management account (moto's) and one new member account. */
export async function createOrganization(endpoint: string): Promise<{ organizationId: string; memberId: string }> {
  const organizations = new OrganizationsClient({ endpoint, region: "us-east-1", credentials: SANDBOX_CREDENTIALS });
  const { Organization } = await organizations.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
  const { CreateAccountStatus } = await organizations.send(
    new CreateAccountCommand({ AccountName: "member", Email: "member@trailproof.invalid" }),
  );
  return { organizationId: Organization!.Id!, memberId: CreateAccountStatus!.AccountId! };
}
