import { NextResponse } from "next/server";
import { refuseWithoutView } from "@/lib/auth/view-guard";
import { getScanProgress } from "@/lib/data/run-progress";

export const dynamic = "force-dynamic";

// Polled by the "Scan now" progress while a scan runs.
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const refused = await refuseWithoutView();
  if (refused) return refused;
  const progress = await getScanProgress((await params).id);
  if (!progress) return NextResponse.json({ error: "no such scan" }, { status: 404 });
  return NextResponse.json(progress, { headers: { "Cache-Control": "no-store" } });
}
