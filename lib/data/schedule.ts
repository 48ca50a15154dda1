import "server-only";
import { db } from "@/lib/db/client";
import { describeSchedule } from "@/lib/services/schedule/schedule-settings";

/** The Settings page's schedule: defaults, overrides and when each next runs. */
export function getSchedule() {
  return describeSchedule(db());
}
