import { commandOptions } from "@/lib/cli/command-options";
import { createPrismaClient } from "@/lib/db/client";
import { provideDatabase } from "@/lib/db/provide";
import { readEnv } from "@/lib/env";

const HELP = `usage: trailproof worker [--validations N]

Carries out queued validations and scans ("Validate now", "Scan now") and the schedules (\`trailproof schedule\`,
docs/schedules.md) until stopped (Ctrl-C). \`npm start\` runs one
worker in its own process; run more on other machines against the same DATABASE_URL to spread the work (start the
web server with TRAILPROOF_WORKER=0 to run none there). --validations: how many validations this worker carries out
at once (default 1; each already reads many files in parallel).`;

export async function workerCommand(args: string[]): Promise<number> {
  const parsed = commandOptions("worker", HELP, args, { validations: { type: "string", default: "1" } });
  if ("exit" in parsed) return parsed.exit;
  const validations = Number(parsed.values.validations);
  if (!Number.isInteger(validations) || validations < 1 || validations > 16) {
    console.error("trailproof worker: --validations must be an integer from 1 to 16");
    return 2;
  }
  const provided = await provideDatabase({ url: readEnv().DATABASE_URL, migrationUrl: readEnv().DATABASE_MIGRATION_URL });
  const database = createPrismaClient(provided.url);
  const { startWorker } = await import("@/lib/jobs/worker");
  const worker = await startWorker({ databaseUrl: provided.url, database, validations, exclusive: false, schedules: readEnv().TRAILPROOF_SCHEDULES === "1" });
  console.log(`trailproof worker: waiting for jobs (${validations} validation${validations > 1 ? "s" : ""} at once); Ctrl-C stops`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
  });
  console.log(`trailproof worker: ${signal}, stopping (a validation cut short resumes when a worker next takes its job)`);
  await worker.stop();
  await database.$disconnect();
  await provided.stop();
  return 0;
}
