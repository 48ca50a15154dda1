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
]);

/** An IPv4 address written as IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it is. */
function unmapped(address: string): { address: string; family: "ipv4" | "ipv6" } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return { address: mapped[1]!, family: "ipv4" };
  return { address, family: net.isIPv6(address) ? "ipv6" : "ipv4" };
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
