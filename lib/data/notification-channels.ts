import "server-only";
import { db } from "@/lib/db/client";
import { lastDeliveries, listChannels } from "@/lib/db/notifications-repository";
import { destination } from "@/lib/services/notifications/channels";

/** The Settings page's channels: where each sends and its newest attempt; secrets only as "set". */
export async function getNotificationChannels() {
  const database = db();
  const channels = await listChannels(database);
  const last = await lastDeliveries(database, channels.map((c) => c.id));
  return channels.map((channel) => {
    const delivery = last.get(channel.id);
    return {
      id: channel.id,
      kind: channel.kind,
      enabled: channel.enabled,
      format: channel.format,
      destination: destination(channel),
      secretSet: channel.kind === "email" ? channel.passwordSet : channel.secretSet,
      createdBy: channel.createdBy,
      createdAt: channel.createdAt,
      last: delivery ? { at: delivery.at, status: delivery.status, test: delivery.test, detail: delivery.error ?? delivery.smtpResponse ?? (delivery.httpStatus ? `HTTP ${delivery.httpStatus}` : "") } : null,
    };
  });
}

export type NotificationChannelRow = Awaited<ReturnType<typeof getNotificationChannels>>[number];
