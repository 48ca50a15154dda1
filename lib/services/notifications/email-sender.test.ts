import { expect, test } from "vitest";
import { transportOptions } from "@/lib/services/notifications/email-sender";

test.each([
  { label: "smtp:// elsewhere: STARTTLS required before the password", url: "smtp://ops@mail.example.com", expected: { host: "mail.example.com", port: 587, secure: false, requireTLS: true } },
  { label: "smtps://: TLS from the start", url: "smtps://ops@mail.example.com", expected: { host: "mail.example.com", port: 465, secure: true, requireTLS: false } },
  { label: "a relay on this machine may be plain", url: "smtp://127.0.0.1:2525", expected: { host: "127.0.0.1", port: 2525, secure: false, requireTLS: false } },
  { label: "an IPv6 loopback relay", url: "smtp://[::1]:25", expected: { host: "::1", port: 25, secure: false, requireTLS: false } },
])("$label", ({ url, expected }) => {
  expect(transportOptions({ url, password: null })).toMatchObject(expected);
});

test("the user is unescaped and paired with the decrypted password; no user, no authentication", () => {
  expect(transportOptions({ url: "smtp://alerts%40example.com@mail.example.com:587", password: "pw" }).auth).toEqual({ user: "alerts@example.com", pass: "pw" });
  expect(transportOptions({ url: "smtp://relay.example.com:25", password: null }).auth).toBeUndefined();
});
