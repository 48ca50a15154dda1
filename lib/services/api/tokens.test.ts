import { expect, test } from "vitest";
import type { Actor, Role } from "@/lib/auth/roles";
import { grantableRoles } from "@/lib/services/api/tokens";

const actor = (roles: Role[]): Actor => ({ id: "oidc:x", name: "x", roles, mode: "oidc" });

// Written from docs/access.md's table of roles: a token may do nothing its creator may not.
test.each([
  { holds: ["admin"], may: ["viewer", "operator", "auditor", "admin"] },
  { holds: ["operator"], may: ["viewer", "operator"] },
  { holds: ["auditor"], may: ["viewer", "auditor"] },
  { holds: ["viewer"], may: ["viewer"] },
  { holds: ["operator", "auditor"], may: ["viewer", "operator", "auditor"] },
  { holds: [], may: [] },
] as { holds: Role[]; may: Role[] }[])("a creator holding $holds may give $may", ({ holds, may }) => {
  expect(grantableRoles(actor(holds))).toEqual(may);
});
