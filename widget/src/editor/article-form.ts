// The editing form: every field of an article, the Markdown beside its live preview, and the
// buttons the caller's role allows. "Save as draft", "Publish" and "Archive" all save the form and
// differ only in the status they send. The loaded version travels with every save, so a stale
// form is refused (409) instead of overwriting a colleague's change.
import { byId } from "../console/dom";
import { editorApi, type Article, type ArticleInput, type ArticleStatus } from "./api";
import { errorText } from "./errors";
import { formatDateTime, t } from "./i18n";
import { MarkdownPreview } from "./preview";
import { canPublish } from "./roles";
import { statusText } from "./article-list";
import { showToast } from "./toast";

const slugPattern = /^[a-z0-9][a-z0-9-]{0,79}$/;

export interface ArticleFormEvents {
  saved: (article: Article) => void;
  opened: (article: Article | null) => void;
  closed: () => void;
}

export class ArticleForm {
  private readonly panel = byId("edit-panel");
  private readonly heading = byId("edit-heading");
  private readonly meta = byId("edit-meta");
  private readonly error = byId("form-error");
  private readonly roleHint = byId("role-hint");
  private readonly fields = {
    title: byId<HTMLInputElement>("art-title"),
    id: byId<HTMLInputElement>("art-id"),
    category: byId<HTMLInputElement>("art-category"),
    language: byId<HTMLSelectElement>("art-language"),
    audience: byId<HTMLSelectElement>("art-audience"),
    summary: byId<HTMLInputElement>("art-summary"),
    tags: byId<HTMLInputElement>("art-tags"),
    related: byId<HTMLInputElement>("art-related"),
    owner: byId<HTMLInputElement>("art-owner"),
    reviewed: byId<HTMLInputElement>("art-reviewed"),
    body: byId<HTMLTextAreaElement>("art-body"),
  };
  private readonly status = byId<HTMLOutputElement>("art-status");
  private readonly buttons = {
    draft: byId<HTMLButtonElement>("save-draft"),
    publish: byId<HTMLButtonElement>("publish"),
    archive: byId<HTMLButtonElement>("archive"),
  };
  private readonly fieldset = byId<HTMLFieldSetElement>("article-fieldset");
  private readonly preview = new MarkdownPreview(byId("preview"), this.fields.body);
  private current: Article | null = null;
  private pristine = "";
  private busy = false;

  constructor(private readonly events: ArticleFormEvents) {
    this.buttons.draft.addEventListener("click", () => void this.save("draft"));
    this.buttons.publish.addEventListener("click", () => void this.save("published"));
    this.buttons.archive.addEventListener("click", () => {
      if (window.confirm(t("confirmArchive"))) void this.save("archived");
    });
    byId("close-article").addEventListener("click", () => this.close());
    byId<HTMLFormElement>("article-form").addEventListener("submit", (event) => event.preventDefault());
  }

  get article(): Article | null {
    return this.current;
  }

  /** True when the form holds edits that were not saved (asked before they are thrown away). */
  hasUnsavedChanges(): boolean {
    return !this.panel.hidden && this.snapshot() !== this.pristine;
  }

  mayLeave(): boolean {
    return !this.hasUnsavedChanges() || window.confirm(t("confirmDiscard"));
  }

  async open(id: string): Promise<void> {
    if (!this.mayLeave()) return;
    try {
      this.show(await editorApi.article(id));
    } catch (error) {
      showToast(errorText(error), "error");
    }
  }

  /** A new, unsaved article; `prefill` comes from a knowledge gap or a chat. */
  openNew(prefill: Partial<ArticleInput> = {}): void {
    if (!this.mayLeave()) return;
    this.current = null;
    const f = this.fields;
    f.id.value = prefill.id ?? "";
    f.title.value = prefill.title ?? "";
    f.body.value = prefill.body ?? "";
    f.summary.value = prefill.summary ?? "";
    f.category.value = prefill.category ?? "";
    f.language.value = prefill.language ?? "zh-CN";
    f.audience.value = prefill.audience ?? "public";
    f.tags.value = (prefill.tags ?? []).join(", ");
    f.related.value = (prefill.related ?? []).join(", ");
    f.owner.value = prefill.owner ?? "";
    f.reviewed.value = prefill.reviewed ?? "";
    this.afterLoad();
    (f.title.value ? f.id : f.title).focus();
  }

  close(): void {
    if (!this.mayLeave()) return;
    this.panel.hidden = true;
    this.current = null;
    this.events.closed();
  }

  /** Shows a saved article (after opening, saving or restoring). */
  show(article: Article): void {
    this.current = article;
    const f = this.fields;
    f.id.value = article.id;
    f.title.value = article.title;
    f.body.value = article.body;
    f.summary.value = article.summary;
    f.category.value = article.category;
    f.language.value = article.language;
    f.audience.value = article.audience;
    f.tags.value = article.tags.join(", ");
    f.related.value = article.related.join(", ");
    f.owner.value = article.owner ?? "";
    f.reviewed.value = article.reviewed ?? "";
    this.afterLoad();
    this.heading.focus();
  }

  /** Redraws the texts that depend on the language. */
  relabel(): void {
    const a = this.current;
    this.heading.textContent = a ? t("editArticleHeading", { title: a.title }) : t("newArticleHeading");
    this.meta.textContent = a
      ? t("editMeta", { id: a.id, version: a.version, at: formatDateTime(a.updatedAt), by: a.updatedBy ?? "—" })
      : "";
    this.status.textContent = a ? statusText(a.status) : t("statusNew");
    this.status.dataset.status = a?.status ?? "new";
    this.showRole();
  }

  private afterLoad(): void {
    this.panel.hidden = false;
    this.fields.id.readOnly = this.current !== null;
    byId("art-id-hint").hidden = this.current !== null;
    this.error.textContent = "";
    this.pristine = this.snapshot();
    this.relabel();
    this.preview.refreshNow();
    this.events.opened(this.current);
  }

  private showRole(): void {
    const a = this.current;
    const editor = canPublish();
    this.buttons.publish.hidden = !editor;
    this.buttons.archive.hidden = !editor || a === null || a.status === "archived";
    // Librarians may create drafts and change drafts; a published or archived article is the editors'.
    const locked = !editor && a !== null && a.status !== "draft";
    this.buttons.draft.disabled = locked;
    this.roleHint.hidden = editor;
    this.roleHint.textContent = locked ? t("librarianLockedHint", { status: statusText(a.status) }) : t("librarianHint");
  }

  private async save(status: ArticleStatus): Promise<void> {
    if (this.busy) return;
    const input = this.collect(status);
    const problem = this.check(input);
    if (problem) {
      this.error.textContent = problem.message;
      problem.field.focus();
      return;
    }
    // The whole form is disabled while saving: text typed meanwhile would be replaced by the saved article.
    this.busy = true;
    this.fieldset.disabled = true;
    this.error.textContent = "";
    try {
      const saved = this.current ? await editorApi.update(this.current.id, input) : await editorApi.create(input);
      this.fieldset.disabled = false;
      this.show(saved);
      showToast(t("saved", { title: saved.title, status: statusText(saved.status) }));
      this.events.saved(saved);
    } catch (error) {
      this.error.textContent = errorText(error);
    } finally {
      this.busy = false;
      this.fieldset.disabled = false;
    }
  }

  private check(input: ArticleInput): { message: string; field: HTMLElement } | null {
    if (!input.title) return { message: t("titleRequired"), field: this.fields.title };
    if (!this.current && !slugPattern.test(input.id ?? "")) return { message: t("slugRequired"), field: this.fields.id };
    if (!input.body) return { message: t("bodyRequired"), field: this.fields.body };
    return null;
  }

  private collect(status: ArticleStatus | null): ArticleInput {
    const f = this.fields;
    const list = (value: string) => value.split(/[,，、]/).map((s) => s.trim()).filter((s) => s.length > 0);
    return {
      id: this.current ? this.current.id : f.id.value.trim().toLowerCase(),
      title: f.title.value.trim(),
      body: f.body.value.trim().length > 0 ? f.body.value : "",
      summary: f.summary.value.trim(),
      category: f.category.value.trim(),
      tags: list(f.tags.value),
      language: f.language.value,
      status,
      audience: f.audience.value,
      related: list(f.related.value),
      owner: f.owner.value.trim() || null,
      reviewed: f.reviewed.value || null,
      version: this.current?.version ?? null,
    };
  }

  private snapshot(): string {
    return JSON.stringify(this.collect(null));
  }
}
