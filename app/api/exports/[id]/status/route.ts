import { NextResponse } from "next/server";
import { refuseWithout } from "@/lib/auth/view-guard";
import { db } from "@/lib/db/client";
import { exportStatus } from "@/lib/jobs/export-job";
import { jobSender } from "@/lib/jobs/sender";
import { isUuid } from "@/lib/util/ids";

export const dynamic = "force-dynamic";

// Polled by "Export evidence" while its job runs: running, done (then the download links), or failed with why.
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const refused = await refuseWithout("export");
  if (refused) return refused;
  const { id } = await params;
  const status = isUuid(id) ? await exportStatus(db(), await jobSender(), id) : null;
  if (!status) return NextResponse.json({ error: "no such export" }, { status: 404 });
  return NextResponse.json(status, { headers: { "Cache-Control": "no-store" } });
}
