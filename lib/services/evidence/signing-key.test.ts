import { execFile, execFileSync, spawnSync } from "node:child_process";
import { createHash, createPublicKey, generateKeyPairSync, verify } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, test } from "vitest";
import { skipWithoutJudge } from "@/lib/sandbox/independent-judge";
import { buildBundleContents, signatureFiles, verifyText } from "@/lib/services/evidence/bundle";
import { renderReportHtml } from "@/lib/services/evidence/render-html";
import { reportFixture } from "@/lib/services/evidence/report-fixture";
import { loadSigningKey, PUBLIC_KEY_NAME, SIGNATURE_NAME } from "@/lib/services/evidence/signing-key";

// The judge is the OpenSSL command line VERIFY.txt tells an auditor to run (node:crypto when a machine has none).

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tp-signing-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const keyFile = path.join(dir, "state", "evidence-signing-key.pem");
const hasOpenssl = spawnSync("openssl", ["version"]).status === 0;
// Without openssl the signature is checked by node:crypto, the library that made it: fine on a laptop, never in CI.
const skipOpenssl = skipWithoutJudge("the openssl checks of the signing key", hasOpenssl ? null : "the openssl command (VERIFY.txt step 4)");

/** Verifies the unzipped bundle folder `folder` the way VERIFY.txt step 4 says; true when the signature holds. */
function verifyFolder(folder: string): boolean {
  if (!hasOpenssl) {
    const read = (name: string) => fs.readFileSync(path.join(folder, name));
    return verify(null, read("MANIFEST.sha256"), createPublicKey(read(PUBLIC_KEY_NAME)), read(SIGNATURE_NAME));
  }
  const result = spawnSync("openssl", ["pkeyutl", "-verify", "-pubin", "-inkey", PUBLIC_KEY_NAME, "-rawin", "-in", "MANIFEST.sha256", "-sigfile", SIGNATURE_NAME], { cwd: folder, encoding: "utf8" });
  expect(result.stdout + result.stderr).toMatch(result.status === 0 ? /Signature Verified Successfully/ : /Signature Verification Failure/);
  return result.status === 0;
}

test("the key is made once per installation, a PKCS#8 file of mode 0600, and reused after that", () => {
  const first = loadSigningKey(keyFile);
  expect((fs.statSync(keyFile).mode & 0o777).toString(8)).toBe("600");
  expect(fs.readFileSync(keyFile, "utf8")).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
  expect(loadSigningKey(keyFile).fingerprint).toBe(first.fingerprint);
  expect(loadSigningKey(path.join(dir, "other", "key.pem")).fingerprint).not.toBe(first.fingerprint);
});

test("processes making the key at the same moment all end with the same key, and no stray file is left", async () => {
  const shared = path.join(dir, "race", "evidence-signing-key.pem");
  const script = `import { loadSigningKey } from "./lib/services/evidence/signing-key.ts"; process.stdout.write(loadSigningKey(${JSON.stringify(shared)}).fingerprint);`;
  const makeKey = () =>
    new Promise<string>((resolve, reject) => execFile(path.resolve("node_modules/.bin/tsx"), ["--eval", script], { cwd: process.cwd() }, (error, stdout, stderr) => (error ? reject(new Error(stderr || error.message)) : resolve(stdout))));
  const fingerprints = await Promise.all(Array.from({ length: 4 }, makeKey));
  expect(new Set(fingerprints).size).toBe(1);
  expect(fingerprints[0]).toBe(loadSigningKey(shared).fingerprint);
  expect((fs.statSync(shared).mode & 0o777).toString(8)).toBe("600");
  expect(fs.readdirSync(path.dirname(shared))).toEqual(["evidence-signing-key.pem"]);
}, 60_000);

test("a file that is not an Ed25519 key is refused with its name", () => {
  const rsa = path.join(dir, "rsa.pem");
  fs.writeFileSync(rsa, generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ type: "pkcs8", format: "pem" }));
  expect(() => loadSigningKey(rsa)).toThrow(`${rsa} is not an Ed25519 private key`);
}, 20_000);

test("the bundle's manifest signature verifies with openssl as VERIFY.txt says, and fails after one byte of the manifest changes", () => {
  const key = loadSigningKey(keyFile);
  const { manifest } = buildBundleContents(reportFixture());
  const folder = path.join(dir, "bundle");
  fs.mkdirSync(folder);
  for (const file of [manifest, ...signatureFiles(manifest, key)]) fs.writeFileSync(path.join(folder, file.name), file.bytes);
  expect(fs.statSync(path.join(folder, SIGNATURE_NAME)).size).toBe(64);
  expect(verifyFolder(folder)).toBe(true);

  const tampered = Buffer.from(manifest.bytes);
  tampered[10] = tampered[10]! ^ 0x01;
  fs.writeFileSync(path.join(folder, "MANIFEST.sha256"), tampered);
  expect(verifyFolder(folder)).toBe(false);
});

test("the cover prints the key's fingerprint and public key, and VERIFY.txt the openssl command that checks the signature", () => {
  const key = loadSigningKey(keyFile);
  const model = reportFixture();
  const html = renderReportHtml({ model, manifest: { sha256: "f".repeat(64), text: "", signingKey: { fingerprint: key.fingerprint, publicKeyPem: key.publicKeyPem } } });
  const base64 = key.publicKeyPem.split("\n")[1]!;
  expect(html).toContain(`Signing key</td><td>Ed25519, SHA-256 fingerprint <span class="hash">${key.fingerprint}</span>`);
  expect(html).toContain(base64);
  expect(html).toContain(`<code>openssl pkeyutl -verify -pubin -inkey ${PUBLIC_KEY_NAME} -rawin -in MANIFEST.sha256 -sigfile ${SIGNATURE_NAME}</code>`);
  expect(verifyText(model).toString()).toContain(`openssl pkeyutl -verify -pubin -inkey ${PUBLIC_KEY_NAME} -rawin -in MANIFEST.sha256 -sigfile ${SIGNATURE_NAME}`);
});

test.skipIf(skipOpenssl)("the fingerprint printed on the cover is what VERIFY.txt's openssl command prints for the bundle's key", () => {
  const key = loadSigningKey(keyFile);
  const der = execFileSync("openssl", ["pkey", "-pubin", "-outform", "DER"], { input: key.publicKeyPem });
  expect(createHash("sha256").update(der).digest("hex")).toBe(key.fingerprint);
});
