import os from "node:os";
import type { AuditContext } from "@/lib/db/audit-repository";

/**
 * Who a command acts as: the command line reaches the database directly, so whoever runs it acts as an
 * administrator, and the audit trail names the operating-system user and the command.
 */
export function cliAudit(command: string): AuditContext {
  const user = os.userInfo().username;
  return { actor: { id: `cli:${user}`, name: user, roles: ["admin"], mode: "local" }, source: { ip: null, userAgent: `trailproof ${command}` } };
}
