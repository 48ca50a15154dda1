// Part of `npm run bench` (or alone: `npx tsx scripts/bench-schedule.ts [members] [logs-per-hour]`): one hour's
// scheduled, incremental validation of every trail after a first run, as a worker carries it out. The demo
// organization in scale mode (24 hours of files, N log files per hour per chain); a first run validates every trail
// over the 25 hours ending two hours before the newest files (it reads the digests of the hour after its window);
// then the schedule's tick requests its runs over the 25 hours ending at the newest files, and one worker carries
// them out. Measured: the tick's runs' wall
// time and the S3 requests they made (moto's request recorder), per trail and per chain; and what that says about how
// many trails one worker can watch every hour.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type PgBoss from "pg-boss";
import { createPrismaClient, type Database } from "@/lib/db/client";
import { provideDatabase } from "@/lib/db/provide";
import { startBoss } from "@/lib/jobs/queues";
import { requestValidation } from "@/lib/jobs/requests";
import { startWorker } from "@/lib/jobs/worker";
import { DEFAULT_OPTIONS } from "@/lib/sandbox/plan";
import { parseRecording } from "@/lib/sandbox/recorded-requests";
import { startSandbox } from "@/lib/sandbox/sandbox";
import { seedDemoFiles, type IntegritySection } from "@/lib/sandbox/seed-files";
import { updateSchedule } from "@/lib/db/schedule-repository";
import { runDueSchedules, SCHEDULED_TRAILS } from "@/lib/services/schedule/run-due";
import { runScan } from "@/lib/services/scan/run-scan";
import { targetsFromOrganization } from "@/lib/services/scan/targets";
import { freePort } from "@/lib/util/ports";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const HOUR = 3_600_000;

export interface ScheduleBenchRow {
  members: number;
  logsPerHour: number;
  trails: number;
  chains: number;
  firstRunSeconds: number;
  firstRunS3Requests: number;
  hourSeconds: number;
  hourS3Requests: number;
  hourObjectGets: number;
  hourLists: number;
  logsInHour: number;
}

async function waitForRuns(database: Database, ids: string[]): Promise<void> {
  for (;;) {
    const active = await database.validationRun.count({ where: { id: { in: ids }, status: { in: ["queued", "running"] } } });
    if (active === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function recorded<T>(endpoint: string, work: () => Promise<T>): Promise<{ value: T; s3: ReturnType<typeof parseRecording> }> {
  await fetch(`${endpoint}/moto-api/recorder/reset-recording`, { method: "POST" });
  await fetch(`${endpoint}/moto-api/recorder/start-recording`, { method: "POST" });
  const value = await work();
  await fetch(`${endpoint}/moto-api/recorder/stop-recording`, { method: "POST" });
  const requests = parseRecording(await (await fetch(`${endpoint}/moto-api/recorder/download-recording`)).text());
  return { value, s3: requests.filter((r) => r.service === "s3") };
}

export async function benchSchedule(members = 6, logsPerHour = 12, log: (line: string) => void = console.log): Promise<ScheduleBenchRow> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "tp-bench-schedule-"));
  const options = { ...DEFAULT_OPTIONS, members, files: { hours: 24, logsPerHour: [logsPerHour, logsPerHour] as [number, number], logBytes: 6_000 } };
  const sandbox = await startSandbox({ port: await freePort(), options, stateDir, seedFiles: seedDemoFiles });
  Object.assign(process.env, { AWS_ENDPOINT_URL: sandbox.endpoint, AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing", AWS_REGION: "us-east-1" });
  const provided = await provideDatabase({ cluster: "bench-pgdata", database: `bench_schedule_${Date.now()}`, preferredPort: 54359 });
  const database = createPrismaClient(provided.url);
  let boss: PgBoss | undefined;
  // The tick is called by hand below (at the hour after the first run), so this worker runs no cron of its own.
  const worker = await startWorker({ databaseUrl: provided.url, database, schedules: false, log: () => undefined });
  try {
    boss = await startBoss(provided.url, { role: "sender" });
    const targets = await targetsFromOrganization(database, { externalId: sandbox.manifest.externalId });
    await runScan(database, { targets, trigger: "bench", regions: sandbox.manifest.regions });
    await database.account.updateMany({ data: { regions: sandbox.manifest.regions } });
    const integrity = sandbox.manifest.integrity as IntegritySection;
    const end = new Date(integrity.end);
    const trails = await database.trail.findMany({ where: SCHEDULED_TRAILS, select: { id: true } });
    log(`bench-schedule: ${trails.length} trails, ${integrity.chains.length} chains, files up to ${end.toISOString()}`);

    // The first run: everything up to two hours before the newest files. A stored run also reads the digests
    // delivered up to an hour after its window (they vouch for its last logs), so ending it one hour early would
    // leave the scheduled run no new hour to read.
    const first = await recorded(sandbox.endpoint, async () => {
      const started = performance.now();
      const ids: string[] = [];
      for (const trail of trails) ids.push((await requestValidation(database, boss!, { trailId: trail.id, windowStart: new Date(end.getTime() - 27 * HOUR), windowEnd: new Date(end.getTime() - 2 * HOUR), trigger: "bench-first" })).runId);
      await waitForRuns(database, ids);
      return (performance.now() - started) / 1000;
    });

    // An hour later: the schedule's tick (every 1h over 25 h, set before the first run) requests every trail's run.
    await database.$transaction((tx) => updateSchedule(tx, { validateEveryMinutes: 60, windowHours: 25 }));
    await database.schedule.update({ where: { id: "organization" }, data: { updatedAt: new Date(end.getTime() - 2 * HOUR) } });
    const hour = await recorded(sandbox.endpoint, async () => {
      const started = performance.now();
      const scheduled = await runDueSchedules(database, boss!, { now: end, log: () => undefined });
      const ids = scheduled.flatMap((s) => (s.runId ? [s.runId] : []));
      if (ids.length !== trails.length) throw new Error(`the tick requested ${ids.length} runs for ${trails.length} trails: ${JSON.stringify(scheduled.filter((s) => s.error))}`);
      await waitForRuns(database, ids);
      return { seconds: (performance.now() - started) / 1000, ids };
    });
    const runs = await database.validationRun.findMany({ where: { id: { in: hour.value.ids } }, select: { logsDone: true, status: true } });
    const row: ScheduleBenchRow = {
      members,
      logsPerHour,
      trails: trails.length,
      chains: integrity.chains.length,
      firstRunSeconds: first.value,
      firstRunS3Requests: first.s3.length,
      hourSeconds: hour.value.seconds,
      hourS3Requests: hour.s3.length,
      hourObjectGets: hour.s3.filter((r) => r.method === "GET" && !new URL(r.url).searchParams.has("list-type") && !new URL(r.url).search.includes("prefix")).length,
      hourLists: hour.s3.filter((r) => r.method === "GET" && (new URL(r.url).searchParams.has("list-type") || new URL(r.url).search.includes("prefix"))).length,
      logsInHour: runs.reduce((sum, r) => sum + r.logsDone, 0),
    };
    log(`bench-schedule: ${JSON.stringify(row)} statuses ${[...new Set(runs.map((r) => r.status))].join(",")}`);
    return row;
  } finally {
    await worker.stop();
    await boss?.stop({ graceful: false, wait: true, timeout: 2000 });
    await database.$disconnect();
    await provided.stop();
    await sandbox.stop();
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
}

export function scheduleMarkdown(r: ScheduleBenchRow): string {
  const perTrail = r.hourSeconds / r.trails;
  return [
    `### Scheduled hourly validation: ${r.trails} trails (${r.chains} digest chains), 24 hours of files, ${r.logsPerHour} log files per hour per chain`,
    "",
    "A first run over the 25 hours ending two hours before the newest files (a stored run also reads the digests delivered in the hour after its window, so this leaves one new hour of digests and log files), then the schedule's tick (every 1h over 25 h, incremental) over the 25 hours ending at the newest files, carried out by one worker (one validation at a time). S3 requests counted by the emulator's recorder.",
    "",
    "| run | wall time | per trail | S3 requests | per trail | per chain |",
    "|---|---|---|---|---|---|",
    `| first run | ${r.firstRunSeconds.toFixed(1)} s | ${(r.firstRunSeconds / r.trails).toFixed(2)} s | ${r.firstRunS3Requests} | ${(r.firstRunS3Requests / r.trails).toFixed(0)} | ${(r.firstRunS3Requests / r.chains).toFixed(0)} |`,
    `| scheduled hour (incremental) | ${r.hourSeconds.toFixed(1)} s | ${perTrail.toFixed(2)} s | ${r.hourS3Requests} (${r.hourObjectGets} object GETs, ${r.hourLists} listings) | ${(r.hourS3Requests / r.trails).toFixed(0)} | ${(r.hourS3Requests / r.chains).toFixed(0)} |`,
    "",
    `The scheduled hour costs ${(r.hourSeconds / r.firstRunSeconds * 100).toFixed(0)}% of the first run's time and ${(r.hourS3Requests / r.firstRunS3Requests * 100).toFixed(0)}% of its S3 requests. At ${perTrail.toFixed(2)} s per trail, one worker validating one trail at a time fits about ${Math.floor(3600 / perTrail)} trails of this size in an hour (more with \`--validations N\` or more workers).`,
    "",
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const row = await benchSchedule(Number(process.argv[2] ?? 6), Number(process.argv[3] ?? 12));
  console.log(scheduleMarkdown(row));
  process.exit(0);
}
