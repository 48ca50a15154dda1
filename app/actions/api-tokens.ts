"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { AccessError, auditFailure, authorize } from "@/lib/auth/guard";
import { requestContext } from "@/lib/auth/request-context";
import { ROLES } from "@/lib/auth/roles";
import { MAX_TOKEN_DAYS } from "@/lib/core/api/api-token";
import { db } from "@/lib/db/client";
import { ApiTokenError, createApiToken, revokeApiToken } from "@/lib/services/api/tokens";

// Settings → API tokens: thin shells over lib/services/api/tokens (zod → authorize("view") → service → revalidate).
// Anyone with a role makes tokens for themselves (at most their own role); the service writes each token and its
// audit record in one transaction. The new token's secret travels back once, in this action's answer, and is kept
// nowhere: the database holds its SHA-256 only.

export interface ApiTokenActionState {
  status: "idle" | "created" | "revoked" | "error";
  message: string;
  /** The whole token, only in the answer to its creation. */
  token?: string;
}

const createInput = z.object({
  name: z.string().trim().min(1, "name the token (what will use it)").max(100, "keep the name under 100 characters"),
  role: z.enum(ROLES, { error: "choose the token's role" }),
  expiresInDays: z.coerce.number({ error: "give the days until it expires" }).int("a whole number of days").min(1, "at least 1 day").max(MAX_TOKEN_DAYS, `at most ${MAX_TOKEN_DAYS} days`),
});

const revokeInput = z.object({ id: z.uuid("no such token") });

async function refused(action: string, target: string | null): Promise<ApiTokenActionState | null> {
  try {
    await authorize(db(), await requestContext(), "view", action, target);
    return null;
  } catch (error) {
    if (error instanceof AccessError) return { status: "error", message: error.message };
    throw error;
  }
}

export async function createApiTokenAction(_previous: ApiTokenActionState, form: FormData): Promise<ApiTokenActionState> {
  const denied = await refused("api-token.create", null);
  if (denied) return denied;
  const parsed = createInput.safeParse({ name: form.get("name") ?? "", role: form.get("role"), expiresInDays: form.get("expiresInDays") });
  if (!parsed.success) return { status: "error", message: parsed.error.issues[0]?.message ?? "invalid token request" };
  const database = db();
  const audit = await requestContext();
  try {
    const { token, row } = await createApiToken(database, audit, parsed.data);
    revalidatePath("/settings");
    return { status: "created", message: `Token ${row.prefix} created. Copy it now: it is not shown again.`, token };
  } catch (error) {
    if (error instanceof ApiTokenError) return { status: "error", message: error.message };
    console.error("creating an API token failed", error);
    await auditFailure(database, audit, "api-token.create", null, error);
    return { status: "error", message: "The token could not be created; see the server log." };
  }
}

export async function revokeApiTokenAction(_previous: ApiTokenActionState, form: FormData): Promise<ApiTokenActionState> {
  const parsed = revokeInput.safeParse({ id: form.get("id") });
  const denied = await refused("api-token.revoke", parsed.success ? parsed.data.id : null);
  if (denied) return denied;
  if (!parsed.success) return { status: "error", message: parsed.error.issues[0]?.message ?? "no such token" };
  const database = db();
  const audit = await requestContext();
  try {
    const row = await revokeApiToken(database, audit, parsed.data.id);
    revalidatePath("/settings");
    return { status: "revoked", message: `Token ${row.prefix} revoked: it is refused from now on.` };
  } catch (error) {
    if (error instanceof ApiTokenError) return { status: "error", message: error.message };
    console.error("revoking an API token failed", error);
    await auditFailure(database, audit, "api-token.revoke", parsed.data.id, error);
    return { status: "error", message: "The token could not be revoked; see the server log." };
  }
}
