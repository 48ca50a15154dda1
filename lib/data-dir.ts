import path from "node:path";
import { readEnv, type Env } from "@/lib/env";

// Kept apart from lib/env.ts: the web app must not import it, or Next's file tracing pulls in the whole project.

/** Where runtime state lives (embedded PostgreSQL data, sandbox state): inside the project unless configured. */
export function dataDir(env: Env = readEnv()): string {
  return path.resolve(env.TRAILPROOF_DATA_DIR ?? path.join(process.cwd(), ".trailproof"));
}
