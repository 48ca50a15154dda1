"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { recordAudit } from "@/lib/db/audit-repository";
import { saveAccountAccess } from "@/lib/db/accounts-repository";
import { AccessError, auditFailure, authorize } from "@/lib/auth/guard";
import { requestContext } from "@/lib/auth/request-context";

export interface AccountSettingsState {
  status: "idle" | "saved" | "error";
  message: string;
}

// IAM's own rules: role names are 1-64 of [\w+=,.@-]; an ExternalId is 2-1224 of [\w+=,.@:/-]; region names look
// like eu-west-1. Checked here so a typo is refused with a reason rather than failing every scan of the account.
const input = z.object({
  accountId: z.string().regex(/^\d{12}$/, "the account id is 12 digits"),
  name: z.string().trim().max(200).optional(),
  roleName: z.string().trim().regex(/^[\w+=,.@-]{1,64}$/, "the role name is 1 to 64 letters, digits or +=,.@_-"),
  externalId: z.string().trim().regex(/^[\w+=,.@:/-]{2,1224}$/, "the ExternalId is 2 to 1224 letters, digits or +=,.@:/_-").optional(),
  removeExternalId: z.boolean(),
  regions: z
    .string()
    .trim()
    .transform((text) => text.split(/[\s,]+/).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "regions look like eu-west-1, comma-separated")).max(40)),
});

const optional = (value: FormDataEntryValue | null) => (typeof value === "string" && value.trim() !== "" ? value : undefined);

/**
 * Settings → add an account or change the role TrailProof assumes in it, its ExternalId and regions. Administrators
 * only (the manage permission); the change and its audit record are one transaction, and the record names what
 * changed but never holds the ExternalId.
 */
export async function saveAccountSettings(_previous: AccountSettingsState, form: FormData): Promise<AccountSettingsState> {
  const database = db();
  const audit = await requestContext();
  const target = String(form.get("accountId") ?? "").slice(0, 20) || null;
  // Permission first: someone who may not change settings learns nothing from validation messages, and is recorded.
  try {
    await authorize(database, audit, "manage", "settings.account", target);
  } catch (error) {
    if (error instanceof AccessError) return { status: "error", message: error.message };
    throw error;
  }
  const parsed = input.safeParse({
    accountId: form.get("accountId"),
    name: optional(form.get("name")),
    roleName: form.get("roleName"),
    externalId: optional(form.get("externalId")),
    removeExternalId: form.get("removeExternalId") === "on",
    regions: form.get("regions") ?? "",
  });
  if (!parsed.success) return { status: "error", message: parsed.error.issues[0]?.message ?? "invalid settings" };
  const { accountId, removeExternalId, externalId, ...rest } = parsed.data;
  try {
    const result = await database.$transaction(async (tx) => {
      const saved = await saveAccountAccess(tx, { id: accountId, ...rest, externalId: removeExternalId ? null : externalId });
      await recordAudit(tx, audit, { action: "settings.account", target: accountId, outcome: "succeeded", detail: { changed: saved.changed, before: saved.before } });
      return saved;
    });
    revalidatePath("/", "layout");
    const what = result.created ? "added" : result.changed.length ? `saved (${result.changed.join(", ")})` : "unchanged";
    return { status: "saved", message: `Account ${accountId} ${what}. The next scan uses it.` };
  } catch (error) {
    // Database errors can quote the call's arguments, the ExternalId among them: log and record the kind of error only.
    const kind = error instanceof Error ? `${error.name}${"code" in error ? ` ${String(error.code)}` : ""}` : "unknown error";
    console.error(`account settings could not be saved: ${kind}`);
    await auditFailure(database, audit, "settings.account", accountId, new Error(kind));
    return { status: "error", message: "The settings could not be saved; see the server log." };
  }
}
