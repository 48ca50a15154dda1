import { expect, test } from "vitest";
import { webhookAddressRefusal } from "@/lib/services/notifications/webhook-address";

// Written from the ranges' definitions (RFC 1918, RFC 3927 link-local, RFC 4193 unique local, RFC 6598, RFC 6052 and
// 8215 NAT64, RFC 3056 6to4, EC2's
// documented metadata addresses), not from the lists in the module.
test.each([
  // [address, allowed by default, allowed with TRAILPROOF_WEBHOOK_PRIVATE=1]
  ["169.254.169.254", false, false], // the metadata service
  ["169.254.0.1", false, false],
  ["fd00:ec2::254", false, false], // EC2's IPv6 metadata endpoint
  ["fe80::1", false, false],
  ["::ffff:169.254.169.254", false, false], // the same, written as IPv6
  ["0.0.0.0", false, false],
  ["::", false, false],
  ["224.0.0.1", false, false],
  ["127.0.0.1", false, true],
  ["127.10.20.30", false, true],
  ["::1", false, true],
  ["::ffff:127.0.0.1", false, true],
  ["10.1.2.3", false, true],
  ["172.16.0.1", false, true],
  ["172.31.255.254", false, true],
  ["192.168.1.10", false, true],
  ["100.64.0.1", false, true],
  ["fd12:3456::1", false, true],
  ["172.32.0.1", true, true], // just past 172.16.0.0/12
  ["8.8.8.8", true, true],
  ["93.184.216.34", true, true],
  ["2606:4700::1111", true, true],
  // IPv4 reached through IPv6: NAT64's well-known prefix (RFC 6052) and 6to4 (RFC 3056) embed the IPv4 address.
  ["64:ff9b::a9fe:a9fe", false, false], // 169.254.169.254
  ["64:ff9b::10.0.0.1", false, true],
  ["64:ff9b::808:808", true, true], // 8.8.8.8
  ["2002:a9fe:a9fe::1", false, false], // 169.254.169.254
  ["2002:a00:1::1", false, true], // 10.0.0.1
  ["2002:808:808::1", true, true], // 8.8.8.8
  ["64:ff9b:1::a00:1", false, true], // NAT64 for local use (RFC 8215): private
  ["::ffff:a9fe:a9fe", false, false], // mapped, in hexadecimal
])("%s: allowed %s, with the opt-in %s", (address, byDefault, withOptIn) => {
  expect(webhookAddressRefusal(address, false) === null).toBe(byDefault);
  expect(webhookAddressRefusal(address, true) === null).toBe(withOptIn);
});

test("the refusal says why and how to allow a private receiver", () => {
  expect(webhookAddressRefusal("127.0.0.1", false)).toContain("TRAILPROOF_WEBHOOK_PRIVATE=1");
  expect(webhookAddressRefusal("169.254.169.254", true)).toContain("never");
});
