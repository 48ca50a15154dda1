import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { DescribeOrganizationCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { buildManifest, type SandboxManifest } from "@/lib/sandbox/manifest";
import { AUDIT_ROLE_NAME, MANAGEMENT_ACCOUNT_ID, planSandbox, type SandboxOptions, type SandboxPlan } from "@/lib/sandbox/plan";
import { SandboxAccounts } from "@/lib/sandbox/sandbox-clients";
import { seedInfrastructure, type SeededInfrastructure } from "@/lib/sandbox/seed-infrastructure";

// Seeds the demo organization into an emulator once. A marker object in the emulator records a finished seed of
// these options; a seed that was interrupted (marker says "seeding", or resources without a marker) is wiped and
// redone rather than left half-built.

const MARKER_BUCKET = "trailproof-sandbox-state";
const MARKER_KEY = "seed.json";

interface SeedMarker {
  status: "seeding" | "complete";
  fingerprint: string;
}

/** Adds the log and digest files ending at `end`; returns the manifest's `integrity` section. */
export type FileSeeder = (plan: SandboxPlan, seeded: SeededInfrastructure, accounts: SandboxAccounts, end: Date) => Promise<unknown>;

export interface SeedResult {
  manifest: SandboxManifest;
  manifestPath: string;
  /** False when the emulator already held a finished seed of the same options. */
  seededNow: boolean;
  seconds: number;
}

export async function seedSandbox(
  endpoint: string,
  options: SandboxOptions,
  stateDir: string,
  seedFiles?: FileSeeder,
  log: (line: string) => void = () => undefined,
): Promise<SeedResult> {
  const started = Date.now();
  const accounts = new SandboxAccounts(endpoint);
  const s3 = new S3Client({ ...(await accounts.target(MANAGEMENT_ACCOUNT_ID, "us-east-1")), forcePathStyle: true });
  const fingerprint = createHash("sha256").update(JSON.stringify(options)).digest("hex");
  const manifestPath = path.join(stateDir, `manifest-seed${options.seed}-members${options.members}.json`);

  const marker = await readMarker(s3);
  if (marker?.status === "complete" && marker.fingerprint === fingerprint && fs.existsSync(manifestPath)) {
    const manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8")) as SandboxManifest;
    return { manifest, manifestPath, seededNow: false, seconds: (Date.now() - started) / 1000 };
  }
  if (marker || (await organizationExists(accounts))) {
    log(marker?.status === "seeding" ? "an earlier seed did not finish: wiping the emulator and seeding again" : "the emulator holds another organization: wiping it");
    await resetEmulator(endpoint);
  }

  await s3.send(new CreateBucketCommand({ Bucket: MARKER_BUCKET }));
  await writeMarker(s3, { status: "seeding", fingerprint });
  const plan = planSandbox(options);
  const seeded = await seedInfrastructure(plan, accounts);
  log(`organization ${seeded.organizationId}: ${plan.accounts.length} accounts, ${plan.trails.length} trails`);
  const manifest = buildManifest(plan, seeded, AUDIT_ROLE_NAME);
  if (seedFiles) manifest.integrity = await seedFiles(plan, seeded, accounts, filesEnd(stateDir, options.seed));

  fs.mkdirSync(stateDir, { recursive: true });
  const temporary = `${manifestPath}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(manifest, null, 2));
  fs.renameSync(temporary, manifestPath); // readers never see half a manifest
  await writeMarker(s3, { status: "complete", fingerprint });
  return { manifest, manifestPath, seededNow: true, seconds: (Date.now() - started) / 1000 };
}

async function readMarker(s3: S3Client): Promise<SeedMarker | null> {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: MARKER_BUCKET, Key: MARKER_KEY }));
    return JSON.parse(await object.Body!.transformToString()) as SeedMarker;
  } catch (error) {
    if (["NoSuchBucket", "NoSuchKey"].includes((error as Error).name)) return null;
    throw error;
  }
}

function writeMarker(s3: S3Client, marker: SeedMarker) {
  return s3.send(new PutObjectCommand({ Bucket: MARKER_BUCKET, Key: MARKER_KEY, Body: JSON.stringify(marker) }));
}

async function organizationExists(accounts: SandboxAccounts): Promise<boolean> {
  const orgs = new OrganizationsClient(await accounts.target(MANAGEMENT_ACCOUNT_ID, "us-east-1"));
  try {
    await orgs.send(new DescribeOrganizationCommand({}));
    return true;
  } catch (error) {
    if ((error as Error).name === "AWSOrganizationsNotInUseException") return false;
    throw error;
  }
}

async function resetEmulator(endpoint: string): Promise<void> {
  const response = await fetch(new URL("/moto-api/reset", endpoint), { method: "POST" });
  if (!response.ok) throw new Error(`could not reset the emulator at ${endpoint}: HTTP ${response.status}`);
}

/**
 * When the demo's newest digest ends: fixed at the first seed (the last full hour, at :01:31 like CloudTrail's
 * digests) and kept in the state folder, so every later seed writes the same bytes and the database's verdicts stay
 * true across restarts. Delete the file for a fresh window.
 */
function filesEnd(stateDir: string, seed: number): Date {
  const file = path.join(stateDir, `files-end-seed${seed}.json`);
  if (fs.existsSync(file)) return new Date((JSON.parse(fs.readFileSync(file, "utf8")) as { end: string }).end);
  const hour = 3_600_000;
  const end = new Date(Math.floor(Date.now() / hour) * hour - hour + 91_000);
  fs.mkdirSync(stateDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ end: end.toISOString() }));
  return end;
}
