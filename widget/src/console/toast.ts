// Short messages at the top of the console: confirmations fade, errors stay until dismissed.
import { byId, el } from "./dom";
import { t } from "./i18n";

export function showToast(text: string, kind: "info" | "error" = "info"): void {
  const region = byId("toasts");
  const toast = el("div", { className: `toast toast-${kind}`, role: kind === "error" ? "alert" : "status" });
  const close = el("button", { type: "button", className: "toast-close", "aria-label": t("dismiss") }, "×");
  close.addEventListener("click", () => toast.remove());
  toast.append(el("span", {}, text), close);
  region.append(toast);
  while (region.children.length > 4) region.firstElementChild?.remove();
  if (kind === "info") setTimeout(() => toast.remove(), 5000);
}
