// Whether a failed delivery is worth another try. Retrying what the receiver refused for good (a wrong URL, a
// rejected signature, an unknown recipient) only repeats the refusal for half an hour and hides the fault.

export type AttemptVerdict = "delivered" | "retry" | "permanent";

/**
 * A webhook receiver's HTTP status: 2xx delivered; 408 (timeout) and 429 (slow down) and 5xx transient; a redirect
 * (never followed: the receiver's URL must be the one configured) and any other 4xx permanent.
 */
export function webhookVerdict(status: number): AttemptVerdict {
  if (status >= 200 && status < 300) return "delivered";
  if (status === 408 || status === 429 || status >= 500) return "retry";
  return "permanent";
}

/**
 * An SMTP failure: a 5xx reply (unknown recipient, authentication refused, message refused) is permanent; a 4xx reply
 * (greylisting, mailbox busy) and no reply at all (connection refused, timeout) are transient.
 */
export function smtpVerdict(responseCode: number | undefined): AttemptVerdict {
  return responseCode !== undefined && responseCode >= 500 && responseCode < 600 ? "permanent" : "retry";
}
