import { expect, test } from "vitest";
import { managementEvent } from "@/lib/sandbox/cloudtrail-events";
import { SeededRandom } from "@/lib/sandbox/seeded-random";

const REQUIRED = ["eventVersion", "userIdentity", "eventTime", "eventSource", "eventName", "awsRegion", "sourceIPAddress", "userAgent", "requestParameters", "responseElements", "requestID", "eventID", "readOnly", "eventType", "managementEvent", "recipientAccountId", "eventCategory"];

test("management events carry every field of a CloudTrail record, and optional ones sometimes", () => {
  const random = new SeededRandom("events");
  const events = Array.from({ length: 200 }, () => managementEvent(random, "111122223333", "eu-west-1", new Date("2025-01-01T10:00:00.123Z")));
  for (const event of events) {
    for (const field of REQUIRED) expect(event).toHaveProperty(field);
    expect(event).toMatchObject({ eventTime: "2025-01-01T10:00:00Z", awsRegion: "eu-west-1", recipientAccountId: "111122223333", managementEvent: true, eventCategory: "Management" });
  }
  expect(events.some((event) => event.errorCode === "AccessDenied")).toBe(true);
  expect(events.some((event) => event.tlsDetails !== undefined)).toBe(true);
  expect(new Set(events.map((event) => event.eventName)).size).toBeGreaterThan(5);
});
