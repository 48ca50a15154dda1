// Part of `npm run bench`: `aws cloudtrail validate-logs` and `trailproof validate-logs` on the same trail, same
// arguments, same emulator, measured one after the other in this run: wall time, files/s, MB/s (compressed), peak
// memory (GNU time's max RSS), and the ratio. Settings: the emulator as it is; every request delayed 20 ms by a proxy
// (real S3 round trips); and a second run over the same window.
import { spawn } from "node:child_process";
import { CloudTrailClient, CreateTrailCommand } from "@aws-sdk/client-cloudtrail";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { generateTrailFiles } from "@/lib/sandbox/cloudtrail-files";
import { startFaultProxy } from "@/lib/sandbox/fault-proxy";
import { startMotoServer } from "@/lib/sandbox/moto-launcher";
import { SANDBOX_CREDENTIALS } from "@/lib/sandbox/sandbox-clients";
import { registerPublicKeys, uploadObjects } from "@/lib/sandbox/upload-trail-files";
import { freePort } from "@/lib/util/ports";
import { provideDatabase } from "@/lib/db/provide";

export interface ValidateBenchRow {
  setting: string;
  tool: "aws cli" | "trailproof" | "trailproof validate";
  seconds: number;
  files: number;
  megabytes: number;
  peakMiB: number;
  exitCode: number | null;
}

interface Timed {
  seconds: number;
  peakMiB: number;
  exitCode: number | null;
  stdout: string;
}

function timed(command: string[], env: NodeJS.ProcessEnv): Promise<Timed> {
  return new Promise((resolve) => {
    const started = performance.now();
    // GNU time writes "max RSS in KiB" last on stderr; the command's own stderr comes before it.
    const child = spawn("/usr/bin/time", ["-f", "MAXRSS=%M", ...command], { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("exit", (code) => {
      const rss = Number(/MAXRSS=(\d+)/.exec(stderr)?.[1] ?? 0);
      resolve({ seconds: (performance.now() - started) / 1000, peakMiB: rss / 1024, exitCode: code, stdout });
    });
  });
}

export async function benchValidate(logs: number, logBytes: number): Promise<ValidateBenchRow[]> {
  const moto = await startMotoServer({ port: await freePort() });
  try {
    const hours = Math.ceil(logs / 24);
    const target = { endpoint: moto.endpoint, region: "us-east-1", credentials: SANDBOX_CREDENTIALS };
    const files = generateTrailFiles({
      seed: "bench",
      bucket: "trailproof-bench",
      accountId: "123456789012",
      sourceRegion: "us-east-1",
      homeRegion: "us-east-1",
      trailName: "bench",
      start: new Date(Date.UTC(2026, 0, 1, 0, 1, 31)),
      hours,
      logsPerHour: [24, 24],
      logBytes,
    });
    await new S3Client({ ...target, forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: "trailproof-bench" }));
    await new CloudTrailClient(target).send(new CreateTrailCommand({ Name: "bench", S3BucketName: "trailproof-bench", EnableLogFileValidation: true }));
    await uploadObjects(target, "trailproof-bench", files.objects);
    await registerPublicKeys(moto.endpoint, "us-east-1", files.keys);
    const megabytes = [...files.objects.values()].reduce((sum, o) => sum + o.body.length, 0) / 1e6;
    const fileCount = files.objects.size;
    const end = new Date(files.spec.start.getTime() + hours * 3_600_000);
    const args = ["cloudtrail", "validate-logs", "--trail-arn", files.trailArn, "--start-time", files.spec.start.toISOString(), "--end-time", end.toISOString(), "--region", "us-east-1"];

    const rows: ValidateBenchRow[] = [];
    const measure = async (setting: string, endpoint: string) => {
      const env = { ...process.env, AWS_ENDPOINT_URL: endpoint, AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing", AWS_DEFAULT_REGION: "us-east-1" };
      const tools: [ValidateBenchRow["tool"], string[]][] = [
        ["aws cli", ["aws", ...args]],
        ["trailproof", [process.execPath, "bin/trailproof.mjs", ...args.slice(1)]],
      ];
      for (const [tool, command] of tools) {
        const run = await timed(command, env);
        if (!run.stdout.includes(`${files.digests.length}/${files.digests.length} digest files valid`)) {
          throw new Error(`${tool} did not validate the bench trail (exit ${run.exitCode}): ${run.stdout.slice(-400)}`);
        }
        rows.push({ setting, tool, seconds: run.seconds, files: fileCount, megabytes, peakMiB: run.peakMiB, exitCode: run.exitCode });
      }
    };
    await measure("emulator as it is", moto.endpoint);
    const proxy = await startFaultProxy(moto.endpoint, { latencyMs: 20 });
    try {
      await measure("every request +20 ms", proxy.endpoint);
    } finally {
      await proxy.stop();
    }
    await measure("second run, same window", moto.endpoint);

    // TrailProof's stored, incremental run (`trailproof validate`): a first run proves every file, the second
    // re-reads only what changed. Needs the trail in the database, hence a scan first.
    const database = await provideDatabase({ cluster: "bench-pgdata", database: `bench_validate_${Date.now()}`, preferredPort: 54359 });
    try {
      const env = { ...process.env, AWS_ENDPOINT_URL: moto.endpoint, AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing", AWS_REGION: "us-east-1", DATABASE_URL: database.url };
      const trailproof = (...rest: string[]) => timed([process.execPath, "bin/trailproof.mjs", ...rest], env);
      const scan = await trailproof("scan", "--accounts", "123456789012", "--regions", "us-east-1");
      if (scan.exitCode !== 0) throw new Error(`bench scan failed: ${scan.stdout}`);
      const window = ["--trail-arn", files.trailArn, "--start-time", files.spec.start.toISOString(), "--end-time", end.toISOString()];
      for (const setting of ["stored run, first", "stored run, second (incremental)"]) {
        const run = await trailproof("validate", ...window);
        if (run.exitCode !== 0) throw new Error(`bench validate failed (exit ${run.exitCode}): ${run.stdout}`);
        rows.push({ setting, tool: "trailproof validate", seconds: run.seconds, files: fileCount, megabytes, peakMiB: run.peakMiB, exitCode: run.exitCode });
      }
    } finally {
      await database.stop();
    }
    return rows;
  } finally {
    await moto.stop();
  }
}
