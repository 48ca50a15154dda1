// A worker in a process of its own, for the test that kills one mid-run (SIGKILL, as a crash or an OOM kill would).
import { createPrismaClient } from "@/lib/db/client";
import { startWorker } from "@/lib/jobs/worker";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is required");
await startWorker({ databaseUrl: url, database: createPrismaClient(url), schedules: false, log: (line) => console.log(line) });
console.log("worker ready");
