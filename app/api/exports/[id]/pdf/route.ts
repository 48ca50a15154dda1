import { exportDownload } from "@/lib/services/evidence/exports-view";

export const dynamic = "force-dynamic";

// The evidence report of one export, byte for byte as recorded.
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  return exportDownload((await params).id, "pdf");
}
