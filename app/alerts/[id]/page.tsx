import Link from "next/link";
import { notFound } from "next/navigation";
import { AlertsTable } from "@/components/alerts-table";
import { can } from "@/lib/auth/roles";
import { requireViewer } from "@/lib/auth/view-guard";
import { getAlert } from "@/lib/data/alerts";

export const dynamic = "force-dynamic";

export const metadata = { title: "Alert" };

// One alert: the page notifications link to (AlertNotice.path).
export default async function AlertPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireViewer();
  const alert = await getAlert((await params).id);
  if (!alert) notFound();
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link href="/alerts" className="underline-offset-2 hover:underline">
          ← All alerts
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">{alert.title}</h1>
      <AlertsTable alerts={[alert]} canAcknowledge={can(actor, "acknowledge")} caption="This alert" />
    </div>
  );
}
