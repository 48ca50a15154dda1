// A worker in a process of its own, for the tests that kill one mid-run (SIGKILL, as a crash or an OOM kill would).
// WORKER_SCHEDULES=1: it also carries out the schedules, as `npm start` does (schedule-killed-worker.int.test.ts).
import { createPrismaClient } from "@/lib/db/client";
import { startWorker } from "@/lib/jobs/worker";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is required");
await startWorker({ databaseUrl: url, database: createPrismaClient(url), schedules: process.env.WORKER_SCHEDULES === "1", log: (line) => console.log(line) });
console.log("worker ready");
