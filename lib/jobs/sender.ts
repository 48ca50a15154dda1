import type PgBoss from "pg-boss";
import { startBoss } from "@/lib/jobs/queues";
import { readEnv } from "@/lib/env";

// The web server's handle on the queue: it only sends jobs (the worker runs elsewhere: inside `npm start`'s own
// process, or `npx trailproof worker`). One per process, kept on globalThis like the Prisma client.
const cache = globalThis as { trailproofBoss?: Promise<PgBoss> };

export function jobSender(): Promise<PgBoss> {
  if (!cache.trailproofBoss) {
    const url = readEnv().DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start TrailProof with `npm start`, which provides a database.");
    cache.trailproofBoss = startBoss(url, { role: "sender" }).catch((error: unknown) => {
      cache.trailproofBoss = undefined; // let the next request try again
      throw error;
    });
  }
  return cache.trailproofBoss;
}
