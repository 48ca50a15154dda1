import { cliAudit } from "@/lib/cli/cli-audit";
import { commandOptions } from "@/lib/cli/command-options";
import { withCommandDatabase } from "@/lib/cli/database";
import type { AuditContext } from "@/lib/db/audit-repository";
import type { Database } from "@/lib/db/client";
import { lastDeliveries, listChannels } from "@/lib/db/notifications-repository";
import { isUuid } from "@/lib/util/ids";
import { addEmailChannel, addWebhookChannel, ChannelInputError, destination, enableChannel, removeChannel } from "@/lib/services/notifications/channels";
import { sendTestNotice } from "@/lib/services/notifications/test-notice";

const HELP = `usage: trailproof notify --email-to ADDRESS[,ADDRESS…] --smtp-url smtp://user:pass@host:587 [--email-from ADDRESS]
       trailproof notify --webhook URL --webhook-secret SECRET [--slack]
       trailproof notify --list
       trailproof notify --test [--channel ID]
       trailproof notify --remove ID | --disable ID | --enable ID

Where TrailProof sends newly opened alerts (docs/notifications.md): e-mail over SMTP (smtps:// for TLS from the start;
smtp:// must upgrade with STARTTLS, except to a relay on this machine) or a webhook, signed with X-TrailProof-Signature under the secret
(--slack sends Slack's {"text", "blocks"} instead of TrailProof's JSON). The SMTP password and the webhook secret are
stored encrypted and never printed again. --webhook-secret - reads the secret from standard input (kept out of the
shell's history). --test sends an example alert to every enabled channel (or --channel ID) at once and prints each
answer; the exit code is 1 when one was not delivered.`;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").trim();
}

export async function notifyCommand(args: string[]): Promise<number> {
  const parsed = commandOptions("notify", HELP, args, {
    "email-to": { type: "string", multiple: true },
    "smtp-url": { type: "string" },
    "email-from": { type: "string" },
    webhook: { type: "string" },
    "webhook-secret": { type: "string" },
    slack: { type: "boolean", default: false },
    list: { type: "boolean", default: false },
    test: { type: "boolean", default: false },
    channel: { type: "string" },
    remove: { type: "string" },
    disable: { type: "string" },
    enable: { type: "string" },
  });
  if ("exit" in parsed) return parsed.exit;
  const v = parsed.values;
  const usage = (message: string) => {
    console.error(`trailproof notify: ${message}\n\n${HELP}`);
    return 2;
  };
  const modes = [v["email-to"] || v["smtp-url"] ? "email" : null, v.webhook || v["webhook-secret"] ? "webhook" : null, v.list ? "list" : null, v.test ? "test" : null, v.remove ? "remove" : null, v.disable ? "disable" : null, v.enable ? "enable" : null].filter(Boolean);
  if (modes.length !== 1) return usage(modes.length === 0 ? "say what to do" : `choose one of ${modes.join(", ")}`);
  const id = v.remove ?? v.disable ?? v.enable ?? v.channel;
  if (id !== undefined && !isUuid(id)) return usage(`not a channel id: ${id.slice(0, 60)} (trailproof notify --list shows them)`);

  if (modes[0] === "email" && (!v["email-to"]?.length || !v["smtp-url"])) return usage("an e-mail channel needs --email-to and --smtp-url");
  if (modes[0] === "webhook" && (!v.webhook || !v["webhook-secret"])) return usage("a webhook needs --webhook and --webhook-secret");
  const secret = v["webhook-secret"] === "-" ? await readStdin() : v["webhook-secret"];

  return withCommandDatabase(async (database) => {
    const audit = cliAudit("notify");
    try {
      switch (modes[0]) {
        case "email": {
          const to = v["email-to"]!.flatMap((list) => list.split(","));
          const channel = await addEmailChannel(database, audit, { smtpUrl: v["smtp-url"]!, to, from: v["email-from"] });
          console.log(`added e-mail channel ${channel.id}: ${destination(channel)} (password ${channel.passwordSet ? "set" : "none"})`);
          return 0;
        }
        case "webhook": {
          const channel = await addWebhookChannel(database, audit, { url: v.webhook!, secret: secret!, format: v.slack ? "slack" : "generic" });
          console.log(`added webhook channel ${channel.id}: ${destination(channel)} (${channel.format}, secret set)`);
          return 0;
        }
        case "list":
          return await list(database);
        case "test":
          return await test(database, audit, id);
        case "remove":
          return report(await removeChannel(database, audit, id!), `removed channel ${id}`, id!);
        default: {
          const enabled = modes[0] === "enable";
          return report(await enableChannel(database, audit, id!, enabled), `${enabled ? "enabled" : "disabled"} channel ${id}`, id!);
        }
      }
    } catch (error) {
      if (error instanceof ChannelInputError) return usage(error.message);
      throw error;
    }
  });
}

function report(found: boolean, done: string, id: string): number {
  if (!found) {
    console.error(`trailproof notify: no channel ${id} (trailproof notify --list shows them)`);
    return 1;
  }
  console.log(done);
  return 0;
}

async function list(database: Database): Promise<number> {
  const channels = await listChannels(database);
  if (channels.length === 0) {
    console.log("no notification channels (add one with --email-to or --webhook)");
    return 0;
  }
  const last = await lastDeliveries(database, channels.map((c) => c.id));
  for (const c of channels) {
    const kind = c.kind === "email" ? "email" : `webhook/${c.format}`;
    const secret = c.kind === "email" ? `password ${c.passwordSet ? "set" : "none"}` : `secret ${c.secretSet ? "set" : "none"}`;
    const attempt = last.get(c.id);
    const lastText = attempt ? `last ${attempt.status}${attempt.test ? " (test)" : ""} ${attempt.at.toISOString()}` : "never sent";
    console.log([c.id, kind.padEnd(15), (c.enabled ? "enabled" : "disabled").padEnd(8), destination(c), secret, lastText].join("  "));
  }
  return 0;
}

async function test(database: Database, audit: AuditContext, only: string | undefined): Promise<number> {
  const channels = (await listChannels(database)).filter((c) => (only ? c.id === only : c.enabled));
  if (channels.length === 0) {
    console.error(only ? `trailproof notify: no channel ${only}` : "trailproof notify: no enabled channel to test");
    return 1;
  }
  let failures = 0;
  for (const channel of channels) {
    const result = await sendTestNotice(database, audit, channel.id);
    const answer = result.status === "skipped" ? result.reason : result.status === "delivered" ? (result.smtpResponse ?? `HTTP ${result.httpStatus}`) : (result.error ?? `HTTP ${result.httpStatus}`);
    if (result.status !== "delivered") failures += 1;
    console.log(`${channel.id}  ${destination(channel)}  ${result.status === "delivered" ? "delivered" : "NOT delivered"}: ${answer}`);
  }
  return failures > 0 ? 1 : 0;
}
