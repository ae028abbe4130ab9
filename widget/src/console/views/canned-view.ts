// Canned responses: list, create, edit and delete. Librarians manage their own; shared ones
// (ownerId null) can only be created or changed by admins, so the checkbox and the buttons
// follow the role from /api/staff/me.
import type { CannedResponse } from "../../shared/protocol";
import { api } from "../api";
import { byId, cell, el, table } from "../dom";
import { errorText } from "../errors";
import { t } from "../i18n";
import { showToast } from "../toast";

export class CannedView {
  private readonly root = byId("canned-table");
  private readonly form = byId<HTMLFormElement>("canned-form");
  private readonly title = byId<HTMLInputElement>("canned-title");
  private readonly text = byId<HTMLTextAreaElement>("canned-text");
  private readonly shared = byId<HTMLInputElement>("canned-shared");
  private readonly cancel = byId<HTMLButtonElement>("canned-cancel");
  private items: CannedResponse[] = [];
  private editingId: string | null = null;
  private myId: string | null = null;
  private isAdmin = false;

  constructor(private readonly changed: (items: CannedResponse[]) => void) {
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.save();
    });
    this.cancel.addEventListener("click", () => this.resetForm());
  }

  setUser(myId: string, isAdmin: boolean): void {
    this.myId = myId;
    this.isAdmin = isAdmin;
    byId("canned-shared-label").hidden = !isAdmin;
    this.render();
  }

  async load(): Promise<void> {
    try {
      this.items = await api.canned();
      this.changed(this.items);
      this.render();
    } catch (error) {
      this.root.replaceChildren(el("p", { className: "form-error", role: "alert" }, errorText(error)));
    }
  }

  refresh(): void {
    this.render();
    this.resetForm();
  }

  private canChange(item: CannedResponse): boolean {
    // The server lets admins change shared responses, and everyone only their own personal ones.
    return item.ownerId === null ? this.isAdmin : item.ownerId === this.myId;
  }

  private render(): void {
    if (this.items.length === 0) {
      this.root.replaceChildren(el("p", { className: "empty" }, t("cannedEmpty")));
      return;
    }
    const { table: tbl, body } = table(t("cannedManageHeading"), [t("cannedTitle"), t("cannedText"), t("cannedOwner"), t("actions")]);
    for (const item of this.items) {
      const row = el("tr", { "data-testid": "canned-row", "data-id": item.id });
      cell(row, item.title);
      cell(row, item.text, "pre-wrap");
      cell(row, t(item.ownerId === null ? "sharedOwner" : "mineOwner"));
      const actions = cell(row, "");
      if (this.canChange(item)) {
        const edit = el("button", { type: "button", "aria-label": t("editLabel", { title: item.title }) }, t("edit"));
        edit.addEventListener("click", () => this.edit(item));
        const del = el("button", { type: "button", className: "danger", "aria-label": t("deleteLabel", { title: item.title }) }, t("delete"));
        del.addEventListener("click", () => void this.remove(item));
        actions.append(edit, " ", del);
      }
      body.append(row);
    }
    this.root.replaceChildren(tbl);
  }

  private edit(item: CannedResponse): void {
    this.editingId = item.id;
    this.title.value = item.title;
    this.text.value = item.text;
    this.shared.checked = item.ownerId === null;
    byId("canned-form-heading").textContent = t("cannedEditing");
    this.cancel.hidden = false;
    this.title.focus();
  }

  private resetForm(): void {
    this.editingId = null;
    this.form.reset();
    byId("canned-form-heading").textContent = t("cannedNew");
    this.cancel.hidden = true;
  }

  private async save(): Promise<void> {
    const input = { title: this.title.value.trim(), text: this.text.value.trim(), shared: this.isAdmin && this.shared.checked };
    if (!input.title || !input.text) return;
    try {
      if (this.editingId) await api.updateCanned(this.editingId, input);
      else await api.createCanned(input);
      showToast(t("saved"));
      this.resetForm();
      await this.load();
      this.title.focus();
    } catch (error) {
      showToast(errorText(error), "error");
    }
  }

  private async remove(item: CannedResponse): Promise<void> {
    try {
      await api.deleteCanned(item.id);
      showToast(t("deleted"));
      if (this.editingId === item.id) this.resetForm();
      await this.load();
      this.title.focus();
    } catch (error) {
      showToast(errorText(error), "error");
    }
  }
}
