import net from "node:net";
import { readEnv } from "@/lib/env";

// Where a webhook may be delivered. A webhook URL is typed by an administrator, but a server that POSTs wherever it
// is told can be turned against its own network (server-side request forgery): the cloud metadata service at
// 169.254.169.254 hands out the instance's credentials, and private addresses reach services never meant to be
// exposed. So the address every connection actually uses (after DNS) is checked: link-local and metadata addresses
// are never allowed; loopback and private ones only when TRAILPROOF_WEBHOOK_PRIVATE=1 (a receiver on the same host or
// network, and the tests, which deliver to 127.0.0.1).

export class WebhookAddressError extends Error {
  override name = "WebhookAddressError";
}

function blockList(entries: [string, number, "ipv4" | "ipv6"][]): net.BlockList {
  const list = new net.BlockList();
  for (const [address, prefix, family] of entries) list.addSubnet(address, prefix, family);
  return list;
}

/** Never: link-local (where cloud metadata services live), unspecified, multicast and reserved. */
const NEVER = blockList([
  ["169.254.0.0", 16, "ipv4"],
  ["0.0.0.0", 8, "ipv4"],
  ["224.0.0.0", 3, "ipv4"],
  ["fe80::", 10, "ipv6"],
  ["fd00:ec2::", 32, "ipv6"], // EC2's IPv6 metadata endpoint (fd00:ec2::254)
  ["::", 128, "ipv6"],
  ["ff00::", 8, "ipv6"],
]);

/** Only with the opt-in: loopback, private (RFC 1918, unique local), shared address space (carrier-grade NAT). */
const PRIVATE = blockList([
  ["127.0.0.0", 8, "ipv4"],
  ["10.0.0.0", 8, "ipv4"],
  ["172.16.0.0", 12, "ipv4"],
  ["192.168.0.0", 16, "ipv4"],
  ["100.64.0.0", 10, "ipv4"],
  ["::1", 128, "ipv6"],
  ["fc00::", 7, "ipv6"],
  ["64:ff9b:1::", 48, "ipv6"], // NAT64 for local use (RFC 8215): where it leads is the network's own choice
]);

/** The 16 bytes of an IPv6 address ("::" expanded, a trailing dotted quad read), or null when it is not one. */
function ipv6Bytes(address: string): number[] | null {
  let text = address.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const groups = halves.length === 2 ? [...head, ...Array<string>(8 - head.length - tail.length).fill("0"), ...tail] : head;
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return null;
  return groups.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff]);
}

const NAT64_WELL_KNOWN = [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0]; // 64:ff9b::/96 (RFC 6052)

/**
 * An IPv4 address written as IPv6 is judged as the IPv4 address it reaches: mapped (::ffff:127.0.0.1), through the
 * well-known NAT64 prefix (64:ff9b::a9fe:a9fe is 169.254.169.254 on an IPv6-only network with NAT64, as behind an AWS
 * NAT gateway), or 6to4 (2002:AABB:CCDD::/48 embeds AA.BB.CC.DD).
 */
function unmapped(address: string): { address: string; family: "ipv4" | "ipv6" } {
  if (!net.isIPv6(address)) return { address, family: "ipv4" };
  const bytes = ipv6Bytes(address);
  const ipv4 = (at: number) => ({ address: bytes!.slice(at, at + 4).join("."), family: "ipv4" as const });
  if (bytes && bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) return ipv4(12);
  if (bytes && NAT64_WELL_KNOWN.every((b, i) => bytes[i] === b)) return ipv4(12);
  if (bytes && bytes[0] === 0x20 && bytes[1] === 0x02) return ipv4(2);
  return { address, family: "ipv6" };
}

/** Why a webhook may not be delivered to `address` (an IP address), or null when it may. */
export function webhookAddressRefusal(address: string, allowPrivate: boolean): string | null {
  const { address: ip, family } = unmapped(address);
  if (NEVER.check(ip, family)) return `${address} is a link-local, metadata or reserved address: webhooks are never delivered there`;
  if (PRIVATE.check(ip, family) && !allowPrivate) {
    return `${address} is a loopback or private address: webhooks go there only with TRAILPROOF_WEBHOOK_PRIVATE=1 (docs/notifications.md)`;
  }
  return null;
}

/** Whether this process delivers to loopback and private addresses (TRAILPROOF_WEBHOOK_PRIVATE=1). */
export function privateWebhooksAllowed(source: Record<string, string | undefined> = process.env): boolean {
  return readEnv(source).TRAILPROOF_WEBHOOK_PRIVATE === "1";
}
