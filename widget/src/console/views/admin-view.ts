// Admin only: the staff accounts (GET /api/admin/staff) and a form to create one. The server
// enforces the role; the console just hides the section from everyone else.
import { api, type StaffAccount } from "../api";
import { byId, cell, el, table } from "../dom";
import { errorText } from "../errors";
import { t } from "../i18n";
import { showToast } from "../toast";

export class AdminView {
  private readonly root = byId("admin-table");
  private readonly form = byId<HTMLFormElement>("admin-form");
  private loaded = false;

  constructor() {
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.create();
    });
  }

  enable(): void {
    byId("admin-nav").hidden = false;
    byId("reports-link").hidden = false;
  }

  /** The hint lists the queue ids the console knows (from the snapshot) so the admin need not guess. */
  setQueueIds(knownQueueIds: string[]): void {
    byId("admin-queues-hint").textContent = `${t("queuesHint")}${knownQueueIds.length ? `: ${knownQueueIds.join(", ")}` : ""}`;
  }

  shown(): void {
    if (!this.loaded) void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.render(await api.staff());
      this.loaded = true;
    } catch (error) {
      this.root.replaceChildren(el("p", { className: "form-error", role: "alert" }, errorText(error)));
    }
  }

  private render(accounts: StaffAccount[]): void {
    if (accounts.length === 0) {
      this.root.replaceChildren(el("p", { className: "empty" }, t("adminEmpty")));
      return;
    }
    const { table: tbl, body } = table(t("adminHeading"), [t("username"), t("displayName"), t("role"), t("queues")]);
    for (const a of accounts) {
      const row = el("tr", { "data-testid": "staff-row" });
      cell(row, a.userName);
      cell(row, a.displayName);
      cell(row, a.role);
      cell(row, a.queues.length > 0 ? a.queues.join(", ") : t("allQueues"));
      body.append(row);
    }
    this.root.replaceChildren(tbl);
  }

  private async create(): Promise<void> {
    const value = (id: string) => byId<HTMLInputElement>(id).value.trim();
    const role = byId<HTMLSelectElement>("admin-role").value as "librarian" | "editor" | "admin";
    const queues = value("admin-queues").split(/[,，\s]+/).filter((q) => q.length > 0);
    try {
      await api.createStaff({ userName: value("admin-username"), displayName: value("admin-display"), role, password: byId<HTMLInputElement>("admin-password").value, queues, email: value("admin-email") || null });
      showToast(t("created"));
      this.form.reset();
      await this.load();
    } catch (error) {
      showToast(errorText(error), "error");
    }
  }
}
