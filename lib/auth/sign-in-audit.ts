import "server-only";
import { headers } from "next/headers";
import { db } from "@/lib/db/client";
import { recordAudit, type AuditEntry } from "@/lib/db/audit-repository";
import type { Actor } from "@/lib/auth/roles";
import { clientAddress } from "@/lib/auth/request-context";

/** Sign-in and sign-out records. A failure to write one is logged, never a reason to lock someone out or in. */
export async function auditSession(actor: Actor, entry: AuditEntry): Promise<void> {
  const h = await headers();
  await recordAudit(db(), { actor, source: { ip: clientAddress(h), userAgent: h.get("user-agent") } }, entry).catch((error: unknown) => {
    console.error("could not record a sign-in event in the audit trail", error);
  });
}
