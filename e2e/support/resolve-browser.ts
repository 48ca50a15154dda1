import { resolveChromium } from "../../lib/services/evidence/chromium";

// Playwright's globalSetup: decides the browser once, before any test, the way the product does (CHROMIUM_PATH, an
// installed Chrome/Chromium, else the npm package's, unpacked here). Playwright hands the environment set here to
// its worker processes, whose copy of the config then launches that browser (playwright.config.ts).
export default async function resolveBrowser(): Promise<void> {
  const { executablePath, source } = await resolveChromium();
  process.env.CHROMIUM_PATH = executablePath;
  console.log(`e2e: Chromium from ${source === "npm" ? "the npm package @sparticuz/chromium" : source}: ${executablePath}`);
}
