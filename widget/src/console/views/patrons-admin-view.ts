// Admin only, inside the admin view: import the library system's patron records from CSV (check first with a
// dry run, then import — the server imports all rows or none), and review likely duplicate profiles, merge them
// and undo a merge. Every value from the server reaches the page as text.
import { byId, cell, el, table } from "../dom";
import { errorText } from "../errors";
import { formatDateTime } from "../format";
import { t } from "../i18n";
import { patronAdmin, uploadPatrons, type DuplicateSuggestion, type ImportReport, type PatronMerge } from "../patron-admin-api";
import { showToast } from "../toast";

export class PatronsAdminView {
  private readonly file = byId<HTMLInputElement>("patron-csv");
  private readonly checkButton = byId<HTMLButtonElement>("patron-check");
  private readonly importButton = byId<HTMLButtonElement>("patron-import");
  private readonly report = byId("patron-report");
  private readonly duplicates = byId("patron-duplicates");
  private readonly merges = byId("patron-merges");
  private checked: File | null = null;

  constructor() {
    byId<HTMLFormElement>("patron-import-form").addEventListener("submit", (event) => {
      event.preventDefault();
      void this.upload(true);
    });
    this.importButton.addEventListener("click", () => void this.upload(false));
    // A new file must be checked again before it can be imported.
    this.file.addEventListener("change", () => {
      this.checked = null;
      this.importButton.disabled = true;
      this.report.replaceChildren();
    });
    byId("patron-duplicates-refresh").addEventListener("click", () => void this.loadDuplicates());
  }

  shown(): void {
    void this.loadDuplicates();
  }

  private async upload(dryRun: boolean): Promise<void> {
    const file = dryRun ? this.file.files?.[0] : this.checked;
    if (!file) {
      showToast(t("patronChooseFile"), "error");
      return;
    }
    this.checkButton.disabled = true;
    this.importButton.disabled = true;
    try {
      const report = await uploadPatrons(file, dryRun);
      this.renderReport(report);
      this.checked = dryRun && report.rejected.length === 0 ? file : null;
      this.importButton.disabled = this.checked === null;
      if (report.imported) {
        showToast(t("patronImported"));
        await this.loadDuplicates();
      }
    } catch (error) {
      this.report.replaceChildren(el("p", { className: "form-error", role: "alert" }, errorText(error)));
    } finally {
      this.checkButton.disabled = false;
    }
  }

  private renderReport(report: ImportReport): void {
    const counts = { rows: report.rows, created: report.created, updated: report.updated, unchanged: report.unchanged };
    if (report.rejected.length === 0) {
      const key = report.imported ? "patronReportImported" : "patronReportReady";
      const outcome = report.imported ? "imported" : "ready";
      this.report.replaceChildren(el("p", { role: "status", "data-testid": "patron-report-summary", "data-outcome": outcome }, t(key, counts)));
      return;
    }
    const { table: tbl, body } = table(t("patronRejectedHeading"), [t("patronLine"), t("patronColumn"), t("patronReason")]);
    for (const r of report.rejected) {
      const row = el("tr", { "data-testid": "patron-rejected-row" });
      cell(row, String(r.line));
      cell(row, r.column);
      cell(row, r.reason);
      body.append(row);
    }
    this.report.replaceChildren(
      el("p", { className: "form-error", role: "alert", "data-testid": "patron-report-summary", "data-outcome": "rejected" },
        t("patronReportRejected", { count: report.rejected.length })),
      tbl,
    );
  }

  private async loadDuplicates(): Promise<void> {
    try {
      const [suggestions, merges] = await Promise.all([patronAdmin.duplicates(), patronAdmin.merges()]);
      this.renderDuplicates(suggestions);
      this.renderMerges(merges);
    } catch (error) {
      this.duplicates.replaceChildren(el("p", { className: "form-error", role: "alert" }, errorText(error)));
    }
  }

  private renderDuplicates(suggestions: DuplicateSuggestion[]): void {
    if (suggestions.length === 0) {
      this.duplicates.replaceChildren(el("p", { className: "empty" }, t("patronNoDuplicates")));
      return;
    }
    const { table: tbl, body } = table(t("patronDuplicatesHeading"), [
      t("patronShared"), t("displayName"), t("patronEmail"), t("patronCard"), t("patronChats"), t("actions"),
    ]);
    for (const s of suggestions) {
      const first = s.profiles[0];
      s.profiles.forEach((p, index) => {
        const row = el("tr", { "data-testid": "patron-duplicate-row" });
        cell(row, index === 0 ? `${s.reason}: ${s.value}` : "");
        cell(row, p.name);
        cell(row, p.email);
        cell(row, p.cardNumber);
        cell(row, `${p.chats} (${p.visitors})`);
        const actions = cell(row, "");
        if (index > 0 && first) {
          const merge = el("button", { type: "button", "data-testid": "patron-merge" }, t("patronMergeInto", { name: first.name ?? first.profileKey }));
          merge.addEventListener("click", () => void this.merge(first.profileKey, p.profileKey));
          actions.append(merge);
        }
        body.append(row);
      });
    }
    this.duplicates.replaceChildren(tbl);
  }

  private renderMerges(merges: PatronMerge[]): void {
    if (merges.length === 0) {
      this.merges.replaceChildren(el("p", { className: "empty" }, t("patronNoMerges")));
      return;
    }
    const { table: tbl, body } = table(t("patronMergesHeading"), [t("patronMerged"), t("patronMergedInto"), t("patronMergedBy"), t("actions")]);
    for (const m of merges) {
      const row = el("tr", { "data-testid": "patron-merge-row" });
      cell(row, m.sourceKey);
      cell(row, m.targetKey);
      cell(row, `${m.byName}, ${formatDateTime(m.at)}`);
      const undo = el("button", { type: "button", "data-testid": "patron-unmerge" }, t("patronUnmerge"));
      undo.addEventListener("click", () => void this.unmerge(m.id));
      cell(row, null).replaceChildren(undo);
      body.append(row);
    }
    this.merges.replaceChildren(tbl);
  }

  private async merge(targetKey: string, sourceKey: string): Promise<void> {
    try {
      await patronAdmin.merge(targetKey, sourceKey);
      showToast(t("patronMergeDone"));
    } catch (error) {
      showToast(errorText(error), "error");
    }
    await this.loadDuplicates();
  }

  private async unmerge(id: string): Promise<void> {
    try {
      await patronAdmin.unmerge(id);
      showToast(t("patronUnmergeDone"));
    } catch (error) {
      showToast(errorText(error), "error");
    }
    await this.loadDuplicates();
  }
}
