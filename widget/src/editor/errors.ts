// Turns REST failures (problem+json whose type is an error code) into a sentence an editor can act on,
// keeping the server's detail, which names the field ("id must be 1–80 characters…").
import { ApiError } from "./api";
import { t } from "./i18n";
import type { StringKey } from "./strings";

const known: Record<string, StringKey> = {
  invalid_argument: "errInvalidArgument",
  too_large: "errTooLarge",
  not_found: "errNotFound",
  forbidden: "errForbidden",
  invalid_state: "errInvalidState",
  rate_limited: "errRateLimited",
  internal_error: "errInternal",
};

export function errorText(error: unknown): string {
  if (!(error instanceof ApiError)) return t("errConnection");
  const key = error.code ? known[error.code] : undefined;
  if (key) return error.message && error.code !== "internal_error" ? `${t(key)} ${error.message}` : t(key);
  return t("errHttp", { status: error.status });
}
