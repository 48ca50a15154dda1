import { expect, test } from "vitest";
import { readEnv } from "@/lib/env";
import { splitSmtpUrl } from "@/lib/services/notifications/channels";
import { publicUrl } from "@/lib/services/notifications/public-url";

test.each([
  { label: "user and password", input: "smtp://alerts:s3cret@mail.example.com:587", url: "smtp://alerts@mail.example.com:587", password: "s3cret" },
  { label: "an escaped password and user", input: "smtps://a%40example.com:p%3Ass%2Fw@mail.example.com", url: "smtps://a%40example.com@mail.example.com", password: "p:ss/w" },
  { label: "no credentials", input: "smtp://relay.internal:25", url: "smtp://relay.internal:25", password: null },
])("splitSmtpUrl: $label", ({ input, url, password }) => {
  expect(splitSmtpUrl(input)).toEqual({ url, password });
});

test.each([
  { label: "another scheme", input: "http://mail.example.com", message: /must start with smtp:\/\// },
  { label: "no URL at all", input: "mail.example.com:587", message: /must start with smtp|not a URL/ },
  { label: "a path", input: "smtp://mail.example.com/x", message: /no path/ },
])("splitSmtpUrl refuses $label", ({ input, message }) => {
  expect(() => splitSmtpUrl(input)).toThrow(message);
});

test.each([
  { label: "TRAILPROOF_PUBLIC_URL first", env: { TRAILPROOF_PUBLIC_URL: "https://tp.example.com/", APP_URL: "https://app.example.com" }, url: "https://tp.example.com" },
  { label: "then sign-in's APP_URL", env: { APP_URL: "https://app.example.com" }, url: "https://app.example.com" },
  { label: "else where the server listens", env: { PORT: "3100" }, url: "http://127.0.0.1:3100" },
  { label: "every interface: the loopback", env: { HOSTNAME: "0.0.0.0" }, url: "http://127.0.0.1:3000" },
  { label: "an IPv6 address in brackets", env: { HOSTNAME: "::1" }, url: "http://[::1]:3000" },
])("publicUrl: $label", ({ env, url }) => {
  expect(publicUrl(readEnv(env))).toBe(url);
});
