// The article list: search box and filters (status, category, language), one row per article with
// its status, language, last save and how patrons and librarians used it (the ranking feedback).
import { byId, cell, el, table } from "../console/dom";
import { editorApi, type ArticleFilter, type ArticleStatus, type ArticleSummary } from "./api";
import { errorText } from "./errors";
import { formatDateTime, t } from "./i18n";
import type { StringKey } from "./strings";

const statusKeys: Record<ArticleStatus, StringKey> = {
  draft: "statusDraft",
  published: "statusPublished",
  archived: "statusArchived",
};

export function statusText(status: ArticleStatus): string {
  return t(statusKeys[status]);
}

export function statusTag(status: ArticleStatus): HTMLSpanElement {
  return el("span", { className: `status-tag status-${status}`, "data-status": status }, statusText(status));
}

export class ArticleList {
  private readonly root = byId("article-table");
  private readonly summary = byId("list-summary");
  private readonly q = byId<HTMLInputElement>("filter-q");
  private readonly status = byId<HTMLSelectElement>("filter-status");
  private readonly category = byId<HTMLSelectElement>("filter-category");
  private readonly language = byId<HTMLSelectElement>("filter-language");
  private readonly categories = new Set<string>();
  private items: ArticleSummary[] | null = null;
  private selectedId: string | null = null;
  private loading = 0;

  constructor(private readonly open: (id: string) => void) {
    byId<HTMLFormElement>("filter-form").addEventListener("submit", (event) => {
      event.preventDefault();
      void this.load();
    });
    for (const select of [this.status, this.category, this.language]) select.addEventListener("change", () => void this.load());
  }

  /** Categories seen so far, for the filter and the form's suggestions. */
  knownCategories(): string[] {
    return [...this.categories].sort((a, b) => a.localeCompare(b));
  }

  select(id: string | null): void {
    this.selectedId = id;
    for (const row of this.root.querySelectorAll<HTMLTableRowElement>("tr[data-id]")) {
      if (row.dataset.id === id) row.setAttribute("aria-current", "true");
      else row.removeAttribute("aria-current");
    }
  }

  async load(): Promise<void> {
    const filter: ArticleFilter = {
      q: this.q.value.trim(),
      status: this.status.value,
      category: this.category.value,
      language: this.language.value,
    };
    const ticket = ++this.loading;
    this.summary.textContent = t("loading");
    try {
      const items = await editorApi.articles(filter);
      if (ticket !== this.loading) return; // a newer search answered first
      this.items = items;
      this.remember(items);
      this.render();
    } catch (error) {
      if (ticket !== this.loading) return;
      this.summary.textContent = "";
      this.root.replaceChildren(el("p", { className: "form-error", role: "alert" }, errorText(error)));
    }
  }

  /** Redraws with the current language (the rows' data is kept). */
  render(): void {
    if (this.items === null) return;
    this.summary.textContent = t("listCount", { count: this.items.length });
    if (this.items.length === 0) {
      this.root.replaceChildren(el("p", { className: "empty" }, t("listEmpty")));
      return;
    }
    const { table: tbl, body } = table(t("articlesHeading"), [
      t("colTitle"), t("colStatus"), t("colLanguage"), t("colCategory"), t("colUpdated"), t("colStats"),
    ]);
    for (const a of this.items) {
      const row = el("tr", { "data-testid": "article-row", "data-id": a.id, "aria-current": a.id === this.selectedId ? "true" : null });
      const title = el("td");
      const button = el("button", { type: "button", className: "link-button", "data-testid": "article-open", "aria-label": t("openArticle", { title: a.title }) }, a.title);
      button.addEventListener("click", () => this.open(a.id));
      title.append(button, el("br"), el("span", { className: "hint" }, a.id));
      row.append(title);
      const status = el("td");
      status.append(statusTag(a.status));
      row.append(status);
      cell(row, a.language);
      cell(row, a.category || null);
      cell(row, `${formatDateTime(a.updatedAt)}${a.updatedBy ? ` · ${a.updatedBy}` : ""}`);
      const s = a.stats;
      const stats = cell(row, `${s.shown} / ${s.opened} / ${s.inserted} / ${s.helpful} / ${s.notHelpful}`, "stats");
      stats.title = t("statsLabel", { ...s });
      body.append(row);
    }
    this.root.replaceChildren(tbl);
  }

  private remember(items: ArticleSummary[]): void {
    const before = this.categories.size;
    for (const a of items) if (a.category) this.categories.add(a.category);
    if (this.categories.size === before) return;
    const chosen = this.category.value;
    const options = this.knownCategories().map((c) => el("option", { value: c }, c));
    this.category.replaceChildren(el("option", { value: "", "data-i18n": "any" }, t("any")), ...options);
    this.category.value = chosen;
    byId("category-options").replaceChildren(...this.knownCategories().map((c) => el("option", { value: c })));
  }
}
