import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { assertWebhookUrl, postWebhook } from "@/lib/services/notifications/webhook-sender";

// The sender against a real HTTP server on 127.0.0.1: a loopback receiver gets the POST only with the opt-in
// (TRAILPROOF_WEBHOOK_PRIVATE=1, here the last argument), whether the URL names the address or a name that resolves
// to it, and a refused delivery never opens a connection.

const received: { url: string; signature: string | undefined }[] = [];
let server: http.Server;
let port: number;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    received.push({ url: request.url ?? "", signature: request.headers["x-trailproof-signature"] as string | undefined });
    request.resume();
    if (request.url === "/redirect") {
      response.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
      return;
    }
    response.writeHead(202, { "content-type": "text/plain" }).end("accepted");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test("with the opt-in, a loopback receiver gets the signed POST", async () => {
  received.length = 0;
  const answer = await postWebhook(`http://127.0.0.1:${port}/hook`, "{}", "secret", new Date(), 5_000, true);
  expect(answer).toEqual({ status: 202, excerpt: "accepted" });
  expect(received).toHaveLength(1);
  expect(received[0]!.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
});

test.each([
  ["the address in the URL", () => `http://127.0.0.1:${port}/hook`, /127\.0\.0\.1 is a loopback or private address/],
  ["a name that resolves to it", () => `http://localhost:${port}/hook`, /localhost resolves to .* loopback or private address/],
])("without the opt-in, %s is refused and nothing is sent", async (_name, url, message) => {
  received.length = 0;
  await expect(postWebhook(url(), "{}", "secret", new Date(), 5_000, false)).rejects.toThrow(message);
  expect(received).toEqual([]);
});

test("a redirect, even with the opt-in, is the answer: never followed (here towards the metadata service)", async () => {
  received.length = 0;
  const answer = await postWebhook(`http://127.0.0.1:${port}/redirect`, "{}", "secret", new Date(), 5_000, true);
  expect(answer.status).toBe(302);
  expect(received.map((r) => r.url)).toEqual(["/redirect"]);
});

test.each([
  ["ftp://example.com/hook", "the webhook URL must be http or https"],
  ["file:///etc/passwd", "the webhook URL must be http or https"],
  ["not a url", "the webhook URL is not a URL"],
  ["http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local, metadata or reserved address"],
  ["http://[fd00:ec2::254]/", "fd00:ec2::254 is a link-local, metadata or reserved address"],
  ["http://10.0.0.5/hook", "10.0.0.5 is a loopback or private address"],
])("%s is refused when the channel is saved: %s", (url, message) => {
  expect(() => assertWebhookUrl(url, false)).toThrow(message);
});

test("a public https URL is accepted as it is", () => {
  expect(assertWebhookUrl("https://hooks.example.com/trailproof", false).href).toBe("https://hooks.example.com/trailproof");
});
