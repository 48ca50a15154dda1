import { describe, expect, test } from "vitest";
import { can, LOCAL_ADMIN, PERMISSIONS, type Actor, type Permission, type Role } from "@/lib/auth/roles";

const actor = (...roles: Role[]): Actor => ({ id: "u", name: "u", roles, mode: "oidc" });

describe("what each role may do", () => {
  test.each<[Role, Permission[]]>([
    ["viewer", ["view"]],
    ["operator", ["view", "scan", "validate", "acknowledge", "propose"]],
    ["auditor", ["view", "export", "audit.view"]],
    ["admin", [...PERMISSIONS]],
  ])("%s", (role, allowed) => {
    expect(PERMISSIONS.filter((p) => can(actor(role), p))).toEqual(allowed);
  });

  test("roles add up, and no role means nothing", () => {
    expect(PERMISSIONS.filter((p) => can(actor("operator", "auditor"), p))).toEqual(["view", "scan", "validate", "acknowledge", "propose", "export", "audit.view"]);
    expect(PERMISSIONS.filter((p) => can(actor(), p))).toEqual([]);
  });

  test("the local administrator may do everything", () => {
    expect(PERMISSIONS.every((p) => can(LOCAL_ADMIN, p))).toBe(true);
  });
});
