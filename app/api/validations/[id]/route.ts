import { NextResponse } from "next/server";
import { refuseWithoutView } from "@/lib/auth/view-guard";
import { getValidationProgress } from "@/lib/data/run-progress";

export const dynamic = "force-dynamic";

// Polled by the progress bar (TanStack Query) while a validation runs.
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const refused = await refuseWithoutView();
  if (refused) return refused;
  const progress = await getValidationProgress((await params).id);
  if (!progress) return NextResponse.json({ error: "no such validation run" }, { status: 404 });
  return NextResponse.json(progress, { headers: { "Cache-Control": "no-store" } });
}
