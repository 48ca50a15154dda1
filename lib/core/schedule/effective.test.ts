import { describe, expect, it } from "vitest";
import { dueIntervalSlot, effectiveValidation } from "@/lib/core/schedule/effective";

const at = (t: string) => new Date(`2026-12-05T${t}Z`);
const defaults = { validateEveryMinutes: 60, windowHours: 25, paused: false, updatedAt: at("08:00:00") };

describe("effective validation schedule", () => {
  it("takes the trail's setting over the account's over the organization's", () => {
    const account = { validateEveryMinutes: 15, windowHours: null, paused: false, updatedAt: at("09:00:00") };
    const trail = { validateEveryMinutes: null, windowHours: 2, paused: false, updatedAt: at("08:30:00") };
    expect(effectiveValidation(defaults, account, trail)).toEqual({ everyMinutes: 15, windowHours: 2, pausedBy: null, since: at("09:00:00") });
    expect(effectiveValidation(defaults, null, null)).toEqual({ everyMinutes: 60, windowHours: 25, pausedBy: null, since: at("08:00:00") });
  });

  it("says what paused it", () => {
    const pausedTrail = { validateEveryMinutes: null, windowHours: null, paused: true, updatedAt: at("08:00:00") };
    expect(effectiveValidation(defaults, null, pausedTrail).pausedBy).toBe("trail");
    expect(effectiveValidation({ ...defaults, paused: true }, null, pausedTrail).pausedBy).toBe("schedule");
  });
});

describe("due slots", () => {
  it("runs the newest slot once, however many were missed", () => {
    // Last run at 10:00, everything down until 13:20: only 13:00 is due, then nothing until 14:00.
    expect(dueIntervalSlot(60, at("13:20:00"), at("10:00:00"), at("08:00:00"))).toEqual(at("13:00:00"));
    expect(dueIntervalSlot(60, at("13:59:59"), at("13:00:00"), at("08:00:00"))).toBeNull();
    expect(dueIntervalSlot(60, at("14:00:05"), at("13:00:00"), at("08:00:00"))).toEqual(at("14:00:00"));
  });

  it("does not treat slots before the schedule's last change as missed", () => {
    // Set to every 5 minutes at 10:07: 10:05 was not missed; 10:10 is the first.
    expect(dueIntervalSlot(5, at("10:07:30"), undefined, at("10:07:00"))).toBeNull();
    expect(dueIntervalSlot(5, at("10:10:01"), undefined, at("10:07:00"))).toEqual(at("10:10:00"));
  });
});
