import type { Database } from "@/lib/db/client";
import type { DeliveryStatus, Prisma } from "@/lib/db/generated/client";

// Notification channels and their delivery attempts. What leaves this module for pages and the CLI is a view without
// the encrypted columns (channelView): a page cannot show what it never receives.

type Channels = Pick<Database, "notificationChannel">;

/** Everything a list shows; the secret columns only as "set or not". */
const VIEW = {
  id: true,
  kind: true,
  enabled: true,
  smtpUrl: true,
  smtpPassword: true,
  emailFrom: true,
  emailTo: true,
  webhookOrigin: true,
  format: true,
  secret: true,
  createdBy: true,
  createdAt: true,
} satisfies Prisma.NotificationChannelSelect;

type ViewRow = Prisma.NotificationChannelGetPayload<{ select: typeof VIEW }>;

export type ChannelView = Omit<ViewRow, "smtpPassword" | "secret"> & { passwordSet: boolean; secretSet: boolean };

function channelView({ smtpPassword, secret, ...row }: ViewRow): ChannelView {
  return { ...row, passwordSet: smtpPassword !== null, secretSet: secret !== null };
}

export async function listChannels(database: Channels): Promise<ChannelView[]> {
  return (await database.notificationChannel.findMany({ orderBy: { createdAt: "asc" }, select: VIEW })).map(channelView);
}

export async function findChannelView(database: Channels, id: string): Promise<ChannelView | null> {
  const row = await database.notificationChannel.findUnique({ where: { id }, select: VIEW });
  return row ? channelView(row) : null;
}

/** The whole row, encrypted secrets included: for the delivery path only. */
export function findChannelForDelivery(database: Channels, id: string) {
  return database.notificationChannel.findUnique({ where: { id } });
}

export type ChannelRow = NonNullable<Awaited<ReturnType<typeof findChannelForDelivery>>>;

export function enabledChannelIds(database: Channels): Promise<{ id: string }[]> {
  return database.notificationChannel.findMany({ where: { enabled: true }, select: { id: true }, orderBy: { createdAt: "asc" } });
}

/** Webhook channels whose URL is stored in clear (added before URLs were sealed): id and URL, for sealing. */
export function clearWebhookUrls(database: Channels): Promise<{ id: string; webhookUrl: string | null }[]> {
  return database.notificationChannel.findMany({
    where: { kind: "webhook", OR: [{ webhookUrl: { startsWith: "http://", mode: "insensitive" } }, { webhookUrl: { startsWith: "https://", mode: "insensitive" } }] },
    select: { id: true, webhookUrl: true },
  });
}

/** Replaces a clear URL by its sealed value unless it changed meanwhile: true when this call sealed it. */
export async function sealWebhookUrl(tx: Channels, id: string, clear: string, sealed: string, origin: string): Promise<boolean> {
  const { count } = await tx.notificationChannel.updateMany({ where: { id, webhookUrl: clear }, data: { webhookUrl: sealed, webhookOrigin: origin } });
  return count === 1;
}

export async function createChannel(tx: Channels, data: Prisma.NotificationChannelCreateInput): Promise<ChannelView> {
  return channelView(await tx.notificationChannel.create({ data, select: VIEW }));
}

/** The channel as it was, or null when there is none with this id. */
export async function setChannelEnabled(tx: Channels, id: string, enabled: boolean): Promise<ChannelView | null> {
  const before = await findChannelView(tx, id);
  if (before) await tx.notificationChannel.update({ where: { id }, data: { enabled } });
  return before;
}

/** The channel as it was (its deliveries go with it), or null when there is none with this id. */
export async function deleteChannel(tx: Channels, id: string): Promise<ChannelView | null> {
  const before = await findChannelView(tx, id);
  if (before) await tx.notificationChannel.delete({ where: { id } });
  return before;
}

export interface DeliveryAttempt {
  channelId: string;
  jobId: string | null;
  alertIds: string[];
  test: boolean;
  attempt: number;
  status: DeliveryStatus;
  httpStatus?: number | null;
  smtpResponse?: string | null;
  error?: string | null;
}

/** Bounded: a receiver's or server's answer is quoted, not stored whole. */
const MAX_ANSWER = 1000;

export function recordDelivery(database: Pick<Database, "notificationDelivery">, attempt: DeliveryAttempt) {
  return database.notificationDelivery.create({
    data: { ...attempt, smtpResponse: attempt.smtpResponse?.slice(0, MAX_ANSWER) ?? null, error: attempt.error?.slice(0, MAX_ANSWER) ?? null },
  });
}

export function listDeliveries(database: Pick<Database, "notificationDelivery">, where: Prisma.NotificationDeliveryWhereInput, take = 50) {
  return database.notificationDelivery.findMany({ where, orderBy: [{ at: "desc" }, { id: "desc" }], take });
}

export interface LastDelivery {
  channelId: string;
  at: Date;
  status: DeliveryStatus;
  test: boolean;
  httpStatus: number | null;
  smtpResponse: string | null;
  error: string | null;
}

/** Each channel's newest attempt, for the Settings list: one row per channel (DISTINCT ON, along the channel/time index). */
export async function lastDeliveries(database: Pick<Database, "$queryRaw">, channelIds: string[]): Promise<Map<string, LastDelivery>> {
  if (channelIds.length === 0) return new Map();
  const rows = await database.$queryRaw<LastDelivery[]>`
    SELECT DISTINCT ON (channel_id) channel_id::text AS "channelId", at, status::text AS status, test, http_status AS "httpStatus", smtp_response AS "smtpResponse", error
    FROM notification_deliveries WHERE channel_id = ANY(${channelIds}::uuid[])
    ORDER BY channel_id, at DESC, id DESC`;
  return new Map(rows.map((row) => [row.channelId, row]));
}

/**
 * Deletes delivery records older than `before`, except each channel's newest (Settings shows it as the channel's
 * last delivery). Returns how many were deleted.
 */
export function pruneDeliveries(database: Pick<Database, "$executeRaw">, before: Date): Promise<number> {
  return database.$executeRaw`
    DELETE FROM notification_deliveries
     WHERE at < ${before}
       AND id NOT IN (SELECT DISTINCT ON (channel_id) id FROM notification_deliveries ORDER BY channel_id, at DESC, id DESC)`;
}
