import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/db/generated/client";
import { readEnv } from "@/lib/env";

export type Database = PrismaClient;

export function createPrismaClient(connectionString: string): Database {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString }) });
}

// One client per server process; kept on globalThis so development reloads do not open a new pool each time.
const cache = globalThis as { trailproofPrisma?: Database };

/** The process's shared client for DATABASE_URL (which `npm start` sets, embedded or not). */
export function db(): Database {
  if (!cache.trailproofPrisma) {
    const url = readEnv().DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start TrailProof with `npm start`, which provides a database.");
    cache.trailproofPrisma = createPrismaClient(url);
  }
  return cache.trailproofPrisma;
}
