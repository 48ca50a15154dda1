"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { AccessError, auditFailure, authorize, limitRate } from "@/lib/auth/guard";
import { requestContext } from "@/lib/auth/request-context";
import { db } from "@/lib/db/client";
import { addEmailChannel, addWebhookChannel, AUDIT_ACTION, ChannelInputError, enableChannel, removeChannel } from "@/lib/services/notifications/channels";
import { sendTestNotice } from "@/lib/services/notifications/test-notice";

// Settings → Notifications: thin shells over lib/services/notifications (zod → authorize("manage") → service →
// revalidate). The services write each change and its audit record in one transaction. Nothing here echoes a
// password or secret back: errors are the service's own safe messages, or the kind of error only.

export interface NotificationActionState {
  status: "idle" | "saved" | "error";
  message: string;
}

const addInput = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("email"),
    smtpUrl: z.string().trim().min(1, "give the SMTP server's URL (smtp://user:password@host:587)").max(2000),
    to: z.string().trim().min(1, "name at least one recipient").max(2000).transform((text) => text.split(/[\s,;]+/).filter(Boolean)),
    from: z.string().trim().max(300).optional(),
  }),
  z.object({
    kind: z.literal("webhook"),
    url: z.string().trim().min(1, "give the webhook's URL").max(2000),
    secret: z.string().min(1, "give the secret deliveries are signed with").max(500),
    format: z.enum(["generic", "slack"]),
  }),
]);

const channelInput = z.object({
  id: z.uuid("no such channel"),
  operation: z.enum(["enable", "disable", "remove", "test"]),
});

const TEST_RATE = { max: 30, perMinutes: 10 };

const text = (value: FormDataEntryValue | null) => (typeof value === "string" && value.trim() !== "" ? value : undefined);

/** The kind of an unexpected error, never its message: a database error can quote the call's arguments, secrets among them. */
function kindOf(error: unknown): string {
  return error instanceof Error ? `${error.name}${"code" in error ? ` ${String(error.code)}` : ""}` : "unknown error";
}

export async function addNotificationChannel(_previous: NotificationActionState, form: FormData): Promise<NotificationActionState> {
  const database = db();
  const audit = await requestContext();
  try {
    await authorize(database, audit, "manage", AUDIT_ACTION, null);
  } catch (error) {
    if (error instanceof AccessError) return { status: "error", message: error.message };
    throw error;
  }
  const parsed = addInput.safeParse({ kind: form.get("kind"), smtpUrl: text(form.get("smtpUrl")), to: text(form.get("to")), from: text(form.get("from")), url: text(form.get("url")), secret: text(form.get("secret")), format: form.get("format") ?? "generic" });
  if (!parsed.success) return { status: "error", message: parsed.error.issues[0]?.message ?? "invalid channel" };
  try {
    const input = parsed.data;
    const channel = input.kind === "email" ? await addEmailChannel(database, audit, input) : await addWebhookChannel(database, audit, input);
    revalidatePath("/settings");
    return { status: "saved", message: `${channel.kind === "email" ? "E-mail" : "Webhook"} channel added. Use "Send test" to check it.` };
  } catch (error) {
    if (error instanceof ChannelInputError) return { status: "error", message: error.message };
    console.error(`notification channel could not be added: ${kindOf(error)}`);
    await auditFailure(database, audit, AUDIT_ACTION, null, new Error(kindOf(error)));
    return { status: "error", message: "The channel could not be added; see the server log." };
  }
}

/** Enable, disable, remove or test one channel (the button's name says which). */
export async function changeNotificationChannel(_previous: NotificationActionState, form: FormData): Promise<NotificationActionState> {
  const database = db();
  const audit = await requestContext();
  const parsed = channelInput.safeParse({ id: form.get("id"), operation: form.get("operation") });
  const target = parsed.success ? parsed.data.id : null;
  try {
    await authorize(database, audit, "manage", AUDIT_ACTION, target);
  } catch (error) {
    if (error instanceof AccessError) return { status: "error", message: error.message };
    throw error;
  }
  if (!parsed.success) return { status: "error", message: parsed.error.issues[0]?.message ?? "invalid request" };
  const { id, operation } = parsed.data;
  try {
    if (operation === "test") {
      await limitRate(database, audit, AUDIT_ACTION, id, TEST_RATE);
      const result = await sendTestNotice(database, audit, id);
      revalidatePath("/settings");
      if (result.status === "skipped") return { status: "error", message: `Not sent: ${result.reason}.` };
      if (result.status === "delivered") return { status: "saved", message: `Delivered${result.httpStatus ? ` (HTTP ${result.httpStatus})` : result.smtpResponse ? ` (${result.smtpResponse})` : ""}.` };
      return { status: "error", message: `Not delivered: ${result.error ?? `HTTP ${result.httpStatus}`}` };
    }
    const found = operation === "remove" ? await removeChannel(database, audit, id) : await enableChannel(database, audit, id, operation === "enable");
    revalidatePath("/settings");
    if (!found) return { status: "error", message: "No such channel (removed meanwhile?)." };
    return { status: "saved", message: operation === "remove" ? "Channel removed." : `Channel ${operation}d.` };
  } catch (error) {
    if (error instanceof AccessError) return { status: "error", message: error.message };
    console.error(`notification channel ${operation} failed: ${kindOf(error)}`);
    await auditFailure(database, audit, AUDIT_ACTION, id, new Error(kindOf(error)));
    return { status: "error", message: "That did not work; see the server log." };
  }
}
