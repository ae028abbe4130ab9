// Offline questions (GET /api/staff/offline-questions), newest first, read only for now.
import type { OfflineQuestion } from "../../shared/protocol";
import { api } from "../api";
import { byId, cell, el, table } from "../dom";
import { errorText } from "../errors";
import { formatDateTime } from "../format";
import { t } from "../i18n";

export class OfflineView {
  private readonly root = byId("offline-table");
  private loaded = false;

  constructor(private readonly queueName: (id: string) => string) {
    byId("offline-refresh").addEventListener("click", () => void this.load());
  }

  shown(): void {
    if (!this.loaded) void this.load();
  }

  async load(): Promise<void> {
    this.root.replaceChildren(el("p", { role: "status" }, t("loading")));
    try {
      this.render(await api.offlineQuestions());
      this.loaded = true;
    } catch (error) {
      this.root.replaceChildren(el("p", { className: "form-error", role: "alert" }, errorText(error)));
    }
  }

  private render(items: OfflineQuestion[]): void {
    if (items.length === 0) {
      this.root.replaceChildren(el("p", { className: "empty" }, t("offlineEmpty")));
      return;
    }
    const { table: tbl, body } = table(t("offlineHeading"), [t("received"), t("queue"), t("patronName"), t("patronEmail"), t("question"), t("status")]);
    for (const q of items) {
      const row = el("tr", { "data-testid": "offline-row", "data-id": q.id });
      cell(row, formatDateTime(q.createdAt));
      cell(row, this.queueName(q.queueId));
      cell(row, q.name);
      cell(row, q.email);
      cell(row, q.question, "pre-wrap");
      cell(row, t(q.status === "answered" ? "statusAnswered" : "statusOpen"));
      body.append(row);
    }
    this.root.replaceChildren(tbl);
  }
}
