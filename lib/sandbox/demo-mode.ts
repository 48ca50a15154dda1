import os from "node:os";
import path from "node:path";

// `npm start` runs the product against the local demo organization only when nothing says where real AWS is:
// any credential source the AWS SDK would use means the user wants their own accounts audited.

const AWS_CONFIGURATION_VARIABLES = [
  "AWS_PROFILE",
  "AWS_ACCESS_KEY_ID",
  "AWS_ENDPOINT_URL",
  "AWS_WEB_IDENTITY_TOKEN_FILE",
  "AWS_ROLE_ARN",
  "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
  "AWS_CONTAINER_CREDENTIALS_FULL_URI",
];

export interface DemoDecision {
  run: boolean;
  reason: string;
}

export function decideDemoMode(env: Record<string, string | undefined>, fileExists: (file: string) => boolean): DemoDecision {
  if (env.TRAILPROOF_SANDBOX === "1") return { run: true, reason: "TRAILPROOF_SANDBOX=1" };
  if (env.TRAILPROOF_SANDBOX === "0") return { run: false, reason: "TRAILPROOF_SANDBOX=0" };
  const variable = AWS_CONFIGURATION_VARIABLES.find((name) => env[name]);
  if (variable) return { run: false, reason: `${variable} is set` };
  const home = env.HOME ?? os.homedir();
  const files = [env.AWS_SHARED_CREDENTIALS_FILE ?? path.join(home, ".aws", "credentials"), env.AWS_CONFIG_FILE ?? path.join(home, ".aws", "config")];
  const file = files.find(fileExists);
  if (file) return { run: false, reason: `${file} exists` };
  return { run: true, reason: "no AWS configuration found" };
}
