"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { AccessError, auditFailure, authorize } from "@/lib/auth/guard";
import { requestContext } from "@/lib/auth/request-context";
import { IntervalError, parseInterval } from "@/lib/core/schedule/interval";
import { changeSchedule, MAX_WINDOW_HOURS, type ScheduleEdit, type ScheduleScope } from "@/lib/services/schedule/schedule-settings";

export interface ScheduleSettingsState {
  status: "idle" | "saved" | "error";
  message: string;
}

const ACCOUNT_ID = /^\d{12}$/;
const TRAIL_ARN = /^arn:aws[a-z-]*:cloudtrail:[a-z0-9-]+:\d{12}:trail\/[A-Za-z0-9._-]{3,128}$/;
const blank = (value: FormDataEntryValue | null) => (typeof value === "string" && value.trim() !== "" ? value.trim() : undefined);
const interval = z
  .string()
  .optional()
  .transform((text, context) => {
    if (text === undefined) return undefined;
    try {
      return parseInterval(text);
    } catch (error) {
      context.addIssue({ code: "custom", message: (error as Error).message });
      return z.NEVER;
    }
  });

const input = z.object({
  target: z
    .string()
    .optional()
    .refine((t) => t === undefined || ACCOUNT_ID.test(t) || TRAIL_ARN.test(t), "an account is its 12-digit id, a trail its ARN (blank: the whole organization)"),
  scanEvery: interval,
  validateEvery: interval,
  windowHours: z.coerce.number().int("the window is a whole number of hours").min(1).max(MAX_WINDOW_HOURS, `the window is at most ${MAX_WINDOW_HOURS} hours`).optional(),
  exportMonthly: z.enum(["on", "off"]).optional(),
  state: z.enum(["pause", "resume"]).optional(),
  useDefaults: z.boolean(),
});

/**
 * Settings → Schedules: change the organization's schedule, or one account's or trail's override of its validations,
 * or pause and resume any of them. Administrators only (the manage permission); the change and its audit record are
 * one transaction (lib/services/schedule/schedule-settings.ts). Blank fields keep what is set.
 */
export async function saveScheduleSettings(_previous: ScheduleSettingsState, form: FormData): Promise<ScheduleSettingsState> {
  const database = db();
  const audit = await requestContext();
  const rawTarget = blank(form.get("target"));
  const auditTarget = rawTarget && (ACCOUNT_ID.test(rawTarget) || TRAIL_ARN.test(rawTarget)) ? rawTarget : "organization";
  try {
    await authorize(database, audit, "manage", "settings.schedule", auditTarget);
  } catch (error) {
    if (error instanceof AccessError) return { status: "error", message: error.message };
    throw error;
  }
  const parsed = input.safeParse({
    target: rawTarget,
    scanEvery: blank(form.get("scanEvery")),
    validateEvery: blank(form.get("validateEvery")),
    windowHours: blank(form.get("windowHours")),
    exportMonthly: blank(form.get("exportMonthly")),
    state: blank(form.get("state")),
    useDefaults: form.get("useDefaults") === "on",
  });
  if (!parsed.success) return { status: "error", message: parsed.error.issues[0]?.message ?? "invalid schedule" };
  const { target, scanEvery, validateEvery, windowHours, exportMonthly, state, useDefaults } = parsed.data;
  const scope: ScheduleScope = !target ? { kind: "organization" } : ACCOUNT_ID.test(target) ? { kind: "account", accountId: target } : { kind: "trail", trailArn: target };
  const edit: ScheduleEdit = {
    scope,
    scanEveryMinutes: scanEvery,
    validateEveryMinutes: useDefaults ? null : validateEvery,
    windowHours: useDefaults ? null : windowHours,
    exportMonthly: exportMonthly === undefined ? undefined : exportMonthly === "on",
    paused: state === undefined ? undefined : state === "pause",
  };
  if (useDefaults && scope.kind === "organization") return { status: "error", message: "“Back to the organization's” applies to an account or a trail" };
  try {
    const result = await changeSchedule(database, audit, edit);
    revalidatePath("/settings");
    return { status: "saved", message: result.changed.length ? `Saved for ${result.target}: ${result.changed.join(", ")}.` : `Nothing changed for ${result.target}.` };
  } catch (error) {
    if (error instanceof IntervalError) return { status: "error", message: error.message };
    console.error("schedule settings could not be saved", error);
    await auditFailure(database, audit, "settings.schedule", auditTarget, error);
    return { status: "error", message: "The schedule could not be saved; see the server log." };
  }
}
