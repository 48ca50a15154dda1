-- AlterTable
ALTER TABLE "notification_channels" ADD COLUMN     "webhook_origin" TEXT;

-- Channels added before webhook URLs were sealed hold the URL in clear: their origin, for lists and audit records.
-- (SQL cannot seal the URL: the key is not in the database. Delivery reads such a URL as it is.)
UPDATE "notification_channels"
   SET "webhook_origin" = lower(substring("webhook_url" from '^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]+'))
 WHERE "webhook_url" ~* '^https?://';
