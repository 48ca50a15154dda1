import { expect, test } from "vitest";
import { decideDemoMode } from "@/lib/sandbox/demo-mode";

const none = () => false;

test.each([
  { label: "nothing configured", env: {}, exists: none, run: true, reason: "no AWS configuration found" },
  { label: "a profile", env: { AWS_PROFILE: "audit" }, exists: none, run: false, reason: "AWS_PROFILE is set" },
  { label: "static keys", env: { AWS_ACCESS_KEY_ID: "AKIA..." }, exists: none, run: false, reason: "AWS_ACCESS_KEY_ID is set" },
  { label: "an endpoint of the user's own", env: { AWS_ENDPOINT_URL: "http://127.0.0.1:4566" }, exists: none, run: false, reason: "AWS_ENDPOINT_URL is set" },
  { label: "web identity (EKS, CI)", env: { AWS_WEB_IDENTITY_TOKEN_FILE: "/t" }, exists: none, run: false, reason: "AWS_WEB_IDENTITY_TOKEN_FILE is set" },
  { label: "a credentials file", env: { HOME: "/h" }, exists: (f: string) => f === "/h/.aws/credentials", run: false, reason: "/h/.aws/credentials exists" },
  { label: "a config file elsewhere", env: { AWS_CONFIG_FILE: "/etc/aws" }, exists: (f: string) => f === "/etc/aws", run: false, reason: "/etc/aws exists" },
  { label: "a CA bundle only (not credentials)", env: { AWS_CA_BUNDLE: "/ca.pem" }, exists: none, run: true, reason: "no AWS configuration found" },
  { label: "forced on despite a profile", env: { TRAILPROOF_SANDBOX: "1", AWS_PROFILE: "x" }, exists: none, run: true, reason: "TRAILPROOF_SANDBOX=1" },
  { label: "forced off", env: { TRAILPROOF_SANDBOX: "0" }, exists: none, run: false, reason: "TRAILPROOF_SANDBOX=0" },
])("$label: sandbox $run", ({ env, exists, run, reason }) => {
  expect(decideDemoMode(env, exists)).toEqual({ run, reason });
});
