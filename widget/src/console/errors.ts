// Turns hub and REST failures into a sentence a librarian can act on.
import { errorCodeOf, type ErrorCode } from "../shared/protocol";
import { ApiError } from "./api";
import { t } from "./i18n";
import type { StringKey } from "./strings";

const known: Record<ErrorCode, StringKey> = {
  invalid_argument: "errInvalidArgument",
  too_large: "errTooLarge",
  not_found: "errNotFound",
  forbidden: "errForbidden",
  invalid_state: "errInvalidState",
  queue_offline: "errQueueOffline",
  conversation_open: "errConversationOpen",
  already_claimed: "errAlreadyClaimed",
  capacity_full: "errCapacityFull",
  not_assigned: "errNotAssigned",
  rate_limited: "errRateLimited",
  internal_error: "errInternal",
  // Only patrons are ever refused with "unavailable" (a blocked visitor); staff never see it.
  unavailable: "errForbidden",
};

export function codeOf(error: unknown): string | null {
  if (error instanceof ApiError) return error.code;
  return errorCodeOf(error);
}

/**
 * True when the server refused the call for good (a known code other than the transient ones):
 * retrying the same call will not help, so a fresh clientMessageId is fine next time.
 */
export function isRefusal(error: unknown): boolean {
  const code = codeOf(error);
  return code !== null && code in known && code !== "internal_error" && code !== "rate_limited";
}

export function errorText(error: unknown): string {
  const code = codeOf(error);
  if (code && code in known) {
    const sentence = t(known[code as ErrorCode]);
    // REST problems say which field or name was wrong ("That user name is taken."); keep that detail.
    return error instanceof ApiError && error.message ? `${sentence} (${error.message})` : sentence;
  }
  if (error instanceof ApiError) return t("errHttp", { status: error.status });
  return t("errConnection");
}
