// `prisma generate` never runs the native schema engine, but the Prisma 7 CLI checks that the binary exists and
// tries to download it first, which fails on machines without internet. Pointing PRISMA_SCHEMA_ENGINE_BINARY at any
// existing file satisfies the check for this one process only (exporting it globally would break `migrate` online).
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const prismaCli = require.resolve("prisma/build/index.js");
const result = spawnSync(process.execPath, [prismaCli, "generate"], {
  stdio: "inherit",
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
});
process.exit(result.status ?? 1);
