// Part of `npm run bench`: `aws cloudtrail validate-logs` and `trailproof validate-logs` on the same trail, same
// arguments, same emulator, measured one after the other in this run: wall time, files/s, MB/s (compressed), peak
// memory (GNU time's max RSS), CPU seconds of the tool and of the emulator during its run (moto shares the cores, so
// a tool's CPU slows the emulator it waits for), and the ratio. Settings: the emulator as it is; every request
// delayed 20 ms by a proxy (real S3 round trips); and a second run over the same window.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
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
  /** User + system CPU of the tool, and of the emulator while the tool ran. */
  cpuSeconds: number;
  motoCpuSeconds: number;
  /** 1-minute load average when the run ended: how busy the shared machine was. */
  load: number;
  /** TrailProof's phases (TRAILPROOF_PROFILE=1), for the stored runs: where the time goes. */
  profile?: string[];
}

interface Timed {
  seconds: number;
  peakMiB: number;
  exitCode: number | null;
  stdout: string;
  stderr: string;
  cpuSeconds: number;
}

/** CPU seconds a process has used so far: utime + stime from /proc, in Linux's 100 ticks per second (0 elsewhere). */
function processCpuSeconds(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

type Measurement = Pick<ValidateBenchRow, "seconds" | "peakMiB" | "exitCode" | "cpuSeconds" | "motoCpuSeconds" | "load">;

const measurement = (r: Measurement): Measurement => ({
  seconds: r.seconds,
  peakMiB: r.peakMiB,
  exitCode: r.exitCode,
  cpuSeconds: r.cpuSeconds,
  motoCpuSeconds: r.motoCpuSeconds,
  load: r.load,
});

function timed(command: string[], env: NodeJS.ProcessEnv): Promise<Timed> {
  return new Promise((resolve) => {
    const started = performance.now();
    // GNU time writes "max RSS in KiB" and CPU last on stderr; the command's own stderr comes before it.
    const child = spawn("/usr/bin/time", ["-f", "MAXRSS=%M CPU=%U+%S", ...command], { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("exit", (code) => {
      const rss = Number(/MAXRSS=(\d+)/.exec(stderr)?.[1] ?? 0);
      const cpu = /CPU=([\d.]+)\+([\d.]+)/.exec(stderr);
      const cpuSeconds = cpu ? Number(cpu[1]) + Number(cpu[2]) : 0;
      resolve({ seconds: (performance.now() - started) / 1000, peakMiB: rss / 1024, exitCode: code, stdout, stderr, cpuSeconds });
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
    // The command line's bundle is built (when stale) before anything is timed: the first run must not pay for it.
    await timed([process.execPath, "bin/trailproof.mjs", "--help"], process.env);
    const run = async (command: string[], env: NodeJS.ProcessEnv) => {
      const moto0 = processCpuSeconds(moto.pid);
      const result = await timed(command, env);
      return { ...result, motoCpuSeconds: processCpuSeconds(moto.pid) - moto0, load: os.loadavg()[0]! };
    };
    const measure = async (setting: string, endpoint: string) => {
      const env = { ...process.env, AWS_ENDPOINT_URL: endpoint, AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing", AWS_DEFAULT_REGION: "us-east-1" };
      const tools: [ValidateBenchRow["tool"], string[]][] = [
        ["aws cli", ["aws", ...args]],
        ["trailproof", [process.execPath, "bin/trailproof.mjs", ...args.slice(1)]],
      ];
      for (const [tool, command] of tools) {
        const result = await run(command, env);
        if (!result.stdout.includes(`${files.digests.length}/${files.digests.length} digest files valid`)) {
          throw new Error(`${tool} did not validate the bench trail (exit ${result.exitCode}): ${result.stdout.slice(-400)}`);
        }
        rows.push({ setting, tool, files: fileCount, megabytes, ...measurement(result) });
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
      const env = { ...process.env, AWS_ENDPOINT_URL: moto.endpoint, AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing", AWS_REGION: "us-east-1", DATABASE_URL: database.url, TRAILPROOF_PROFILE: "1" };
      const trailproof = (...rest: string[]) => run([process.execPath, "bin/trailproof.mjs", ...rest], env);
      const scan = await trailproof("scan", "--accounts", "123456789012", "--regions", "us-east-1");
      if (scan.exitCode !== 0) throw new Error(`bench scan failed: ${scan.stdout}`);
      const window = ["--trail-arn", files.trailArn, "--start-time", files.spec.start.toISOString(), "--end-time", end.toISOString()];
      for (const setting of ["stored run, first", "stored run, second (incremental)"]) {
        const result = await trailproof("validate", ...window);
        if (result.exitCode !== 0) throw new Error(`bench validate failed (exit ${result.exitCode}): ${result.stdout}`);
        const profile = result.stderr.split("\n").filter((line) => line.startsWith("[profile]"));
        rows.push({ setting, tool: "trailproof validate", files: fileCount, megabytes, ...measurement(result), profile });
      }
    } finally {
      await database.stop();
    }
    return rows;
  } finally {
    await moto.stop();
  }
}
