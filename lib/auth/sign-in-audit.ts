import "server-only";
import { db } from "@/lib/db/client";
import { recordAudit, type AuditEntry } from "@/lib/db/audit-repository";
import type { Actor } from "@/lib/auth/roles";
import { requestContext } from "@/lib/auth/request-context";

/** Sign-in and sign-out records. A failure to write one is logged, never a reason to lock someone out or in. */
export async function auditSession(actor: Actor, entry: AuditEntry): Promise<void> {
  await recordAudit(db(), await requestContext(actor), entry).catch((error: unknown) => {
    console.error("could not record a sign-in event in the audit trail", error);
  });
}
