import { expect, test } from "vitest";
import { smtpVerdict, webhookVerdict } from "@/lib/core/notifications/delivery-outcome";

test.each([
  { status: 200, verdict: "delivered" },
  { status: 204, verdict: "delivered" },
  { status: 301, verdict: "permanent" },
  { status: 307, verdict: "permanent" },
  { status: 400, verdict: "permanent" },
  { status: 401, verdict: "permanent" },
  { status: 404, verdict: "permanent" },
  { status: 408, verdict: "retry" },
  { status: 410, verdict: "permanent" },
  { status: 429, verdict: "retry" },
  { status: 500, verdict: "retry" },
  { status: 503, verdict: "retry" },
])("webhook answer HTTP $status: $verdict", ({ status, verdict }) => {
  expect(webhookVerdict(status)).toBe(verdict);
});

test.each([
  { label: "no reply (connection refused, timeout)", code: undefined, verdict: "retry" },
  { label: "421 service not available", code: 421, verdict: "retry" },
  { label: "451 greylisted", code: 451, verdict: "retry" },
  { label: "535 authentication refused", code: 535, verdict: "permanent" },
  { label: "550 no such mailbox", code: 550, verdict: "permanent" },
])("SMTP $label: $verdict", ({ code, verdict }) => {
  expect(smtpVerdict(code)).toBe(verdict);
});
