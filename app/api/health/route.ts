import { db } from "@/lib/db/client";

export const dynamic = "force-dynamic";

// Liveness and database reachability, for the start script, load balancers and the e2e tests.
export async function GET() {
  try {
    await db().$queryRaw`SELECT 1`;
    return Response.json({ status: "ok", database: "ok" });
  } catch {
    return Response.json({ status: "degraded", database: "unreachable" }, { status: 503 });
  }
}
