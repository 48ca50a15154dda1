// Reads moto's request recording (POST /moto-api/recorder/start-recording … GET download-recording): one JSON
// object a line. Names each request's service and action independently of our SDK, for the read-only proof.

export interface RecordedRequest {
  service: string;
  /** The region the request was signed for (its SigV4 credential scope); "unknown" when unsigned. */
  region: string;
  /** The API action (JSON and query protocols), or "GET"/"PUT"/… for REST calls (S3, S3 Control). */
  action: string;
  method: string;
  url: string;
}

interface RecordingLine {
  headers: Record<string, string>;
  method: string;
  url: string;
  body?: string;
  body_encoded?: boolean;
}

export function parseRecording(text: string): RecordedRequest[] {
  return text
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => {
      const entry = JSON.parse(line) as RecordingLine;
      const headers = Object.fromEntries(Object.entries(entry.headers).map(([k, v]) => [k.toLowerCase(), v]));
      const scope = /Credential=[^/]+\/\d+\/([^/]+)\/([^/]+)\//.exec(headers.authorization ?? "");
      const service = scope?.[2] ?? "unknown";
      const body = entry.body ? (entry.body_encoded ? Buffer.from(entry.body, "base64").toString() : entry.body) : "";
      const target = headers["x-amz-target"];
      const queryAction = new URLSearchParams(body).get("Action") ?? new URL(entry.url).searchParams.get("Action");
      const action = target ? (target.split(".").at(-1) ?? target) : (queryAction ?? entry.method);
      return { service, region: scope?.[1] ?? "unknown", action, method: entry.method, url: entry.url };
    });
}

/** Reads by name for API actions; for REST calls, only GET and HEAD read. */
export function isReadRequest(request: RecordedRequest, isReadOnlyOperation: (action: string) => boolean): boolean {
  if (/^[A-Z]+$/.test(request.action)) return request.action === "GET" || request.action === "HEAD";
  return isReadOnlyOperation(request.action);
}
