import http from "node:http";

// A small HTTP proxy in front of the emulator that adds what moto cannot: latency (real S3 round trips), an
// AssumeRole refused for chosen accounts, throttling bursts, and regions that never answer. For reliability tests
// and benchmarks only; it listens on 127.0.0.1 and forwards to the emulator unchanged otherwise.

export interface FaultRules {
  /** Added before every request is forwarded. */
  latencyMs?: number;
  /** STS AssumeRole into these account ids answers 403 AccessDenied. */
  denyAssumeRoleInto?: string[];
  /** Requests signed for these regions get no answer (the client's timeout must fire). */
  hangRegions?: string[];
  /** The first `count` requests to `service` (SigV4 service name, e.g. "cloudtrail") answer ThrottlingException. */
  throttle?: { service: string; count: number };
  /** S3 GETs of these objects ("bucket/key") answer 403 AccessDenied, every time (a key or ACL the reader lacks). */
  denyObjects?: string[];
  /**
   * The first S3 GET of each of these objects ("bucket/key") fails once: a 503 SlowDown, a connection reset before
   * any answer, or ("cut") an answer whose connection is destroyed after half of its body.
   */
  failObjectsOnce?: { object: string; fault: "503" | "reset" | "cut" }[];
}

export interface FaultProxy {
  endpoint: string;
  stats: { forwarded: number; denied: number; throttled: number; hung: number; objectsDenied: number; objectFaults: number };
  stop(): Promise<void>;
}

/** SigV4: "AWS4-HMAC-SHA256 Credential=AKID/20261123/eu-west-1/cloudtrail/aws4_request, ..." */
function credentialScope(request: http.IncomingMessage): { region: string; service: string } {
  const match = /Credential=[^/]+\/\d+\/([^/]+)\/([^/]+)\//.exec(request.headers.authorization ?? "");
  return { region: match?.[1] ?? "", service: match?.[2] ?? "" };
}

function readBody(request: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

function stsAccessDenied(response: http.ServerResponse, roleArn: string): void {
  response.writeHead(403, { "content-type": "text/xml" });
  response.end(
    `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code>` +
      `<Message>User: arn:aws:iam::123456789012:user/trailproof is not authorized to perform: sts:AssumeRole on resource: ${roleArn}</Message>` +
      `</Error><RequestId>fault-proxy</RequestId></ErrorResponse>`,
  );
}

/** "bucket/key" of a path-style S3 GET (the emulator's addressing), or null. */
function s3Object(request: http.IncomingMessage, service: string): string | null {
  if (service !== "s3" || request.method !== "GET") return null;
  const path = decodeURIComponent(new URL(request.url ?? "/", "http://proxy").pathname);
  return path.slice(1) || null;
}

function s3Error(response: http.ServerResponse, status: number, code: string, message: string): void {
  response.writeHead(status, { "content-type": "application/xml" });
  response.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message><RequestId>fault-proxy</RequestId></Error>`);
}

function jsonThrottled(response: http.ServerResponse): void {
  response.writeHead(400, { "content-type": "application/x-amz-json-1.1", "x-amzn-errortype": "ThrottlingException" });
  response.end(JSON.stringify({ __type: "ThrottlingException", message: "Rate exceeded" }));
}

export async function startFaultProxy(target: string, rules: FaultRules, port = 0): Promise<FaultProxy> {
  const upstream = new URL(target);
  const stats = { forwarded: 0, denied: 0, throttled: 0, hung: 0, objectsDenied: 0, objectFaults: 0 };
  const failOnce = new Map((rules.failObjectsOnce ?? []).map((rule) => [rule.object, rule.fault]));
  let throttleLeft = rules.throttle?.count ?? 0;
  const hanging = new Set<http.ServerResponse>();

  const server = http.createServer(async (request, response) => {
    const { region, service } = credentialScope(request);
    if (rules.hangRegions?.includes(region)) {
      stats.hung++;
      hanging.add(response);
      request.resume();
      return; // never answered; ended when the client gives up or the proxy stops
    }
    if (rules.throttle && service === rules.throttle.service && throttleLeft > 0) {
      throttleLeft--;
      stats.throttled++;
      request.resume();
      return jsonThrottled(response);
    }
    const object = s3Object(request, service);
    if (object && rules.denyObjects?.includes(object)) {
      stats.objectsDenied++;
      request.resume();
      return s3Error(response, 403, "AccessDenied", "Access Denied");
    }
    const fault = object ? failOnce.get(object) : undefined;
    const cutBody = fault === "cut";
    if (object && fault && !cutBody) {
      failOnce.delete(object);
      stats.objectFaults++;
      request.resume();
      if (fault === "reset") return void request.socket.destroy();
      return s3Error(response, 503, "SlowDown", "Please reduce your request rate.");
    }
    const body = await readBody(request);
    if (service === "sts" && rules.denyAssumeRoleInto?.length) {
      const roleArn = new URLSearchParams(body.toString()).get("RoleArn") ?? "";
      if (rules.denyAssumeRoleInto.some((account) => roleArn.includes(`::${account}:`))) {
        stats.denied++;
        return stsAccessDenied(response, roleArn);
      }
    }
    if (rules.latencyMs) await new Promise((r) => setTimeout(r, rules.latencyMs));
    stats.forwarded++;
    const forward = http.request(
      { host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers: { ...request.headers, host: upstream.host } },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        const length = Number(answer.headers["content-length"]);
        if (cutBody && object && answer.statusCode === 200 && length > 1) {
          failOnce.delete(object);
          stats.objectFaults++;
          return void readBody(answer).then((whole) => response.write(whole.subarray(0, Math.floor(length / 2)), () => response.destroy()));
        }
        answer.pipe(response);
      },
    );
    forward.on("error", (error) => {
      response.writeHead(502);
      response.end(String(error));
    });
    forward.end(body);
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address();
  const boundPort = typeof address === "object" && address ? address.port : port;
  return {
    endpoint: `http://127.0.0.1:${boundPort}`,
    stats,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const response of hanging) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
