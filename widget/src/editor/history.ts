// An article's history: every saved version newest first (who, when, what changed), a readable
// diff of any version against the current one, and restore (editors), which saves the old
// content as a new version so nothing is ever lost.
import { byId, el } from "../console/dom";
import { editorApi, type Article, type ArticleDiff, type ArticleVersion, type DiffLine } from "./api";
import { statusTag } from "./article-list";
import { errorText } from "./errors";
import { formatDateTime, t } from "./i18n";
import { canPublish } from "./roles";
import { showToast } from "./toast";

/** Unchanged lines kept around each change; longer unchanged runs collapse to one line. */
const context = 2;

export class HistoryView {
  private readonly root = byId("history");
  private readonly list = byId<HTMLOListElement>("version-list");
  private readonly diffView = byId("diff-view");
  private readonly diffHeading = byId("diff-heading");
  private readonly diffBody = byId("diff-body");
  private article: Article | null = null;
  private versions: ArticleVersion[] = [];
  private shownDiff: { from: number; to: number; diff: ArticleDiff } | null = null;

  constructor(private readonly restored: (article: Article) => void) {}

  async show(article: Article | null): Promise<void> {
    this.article = article;
    this.shownDiff = null;
    this.diffView.hidden = true;
    this.root.hidden = article === null;
    if (!article) return;
    try {
      const versions = await editorApi.versions(article.id);
      if (this.article !== article) return;
      this.versions = versions;
      this.render();
    } catch (error) {
      this.list.replaceChildren(el("li", { className: "form-error", role: "alert" }, errorText(error)));
    }
  }

  render(): void {
    const current = this.article;
    if (!current) return;
    this.list.replaceChildren(...this.versions.map((v) => this.row(v, current)));
    if (this.shownDiff) this.renderDiff(this.shownDiff.from, this.shownDiff.to, this.shownDiff.diff);
  }

  private row(v: ArticleVersion, current: Article): HTMLLIElement {
    const item = el("li", { "data-testid": "version", "data-version": v.version });
    item.append(
      el("span", { className: "version-number" }, t("versionLabel", { version: v.version })),
      statusTag(v.status),
      el("span", { className: "version-meta" }, t("versionMeta", { at: formatDateTime(v.at), author: v.author, change: v.change })),
    );
    const actions = el("span", { className: "version-actions" });
    if (v.version === current.version) {
      actions.append(el("span", { className: "hint" }, t("current")));
    } else {
      const compare = el("button", { type: "button", "data-testid": "compare", "aria-label": t("compareLabel", { version: v.version }) }, t("compare"));
      compare.addEventListener("click", () => void this.compare(v.version, current));
      actions.append(compare);
      if (canPublish()) {
        const restore = el("button", { type: "button", "data-testid": "restore", "aria-label": t("restoreLabel", { version: v.version }) }, t("restore"));
        restore.addEventListener("click", () => void this.restore(v.version, current));
        actions.append(restore);
      }
    }
    item.append(actions);
    return item;
  }

  private async compare(from: number, current: Article): Promise<void> {
    try {
      const diff = await editorApi.diff(current.id, from, current.version);
      this.shownDiff = { from, to: current.version, diff };
      this.renderDiff(from, current.version, diff);
      this.diffView.focus();
    } catch (error) {
      showToast(errorText(error), "error");
    }
  }

  private async restore(version: number, current: Article): Promise<void> {
    if (!window.confirm(t("confirmRestore", { version }))) return;
    try {
      const article = await editorApi.restore(current.id, version);
      showToast(t("restored", { version, newVersion: article.version }));
      this.restored(article);
    } catch (error) {
      showToast(errorText(error), "error");
    }
  }

  private renderDiff(from: number, to: number, diff: ArticleDiff): void {
    this.diffView.hidden = false;
    this.diffHeading.textContent = t("diffHeading", { from, to });
    const parts: HTMLElement[] = [];
    if (diff.title) parts.push(el("p", { "data-testid": "diff-title" }, t("diffTitle", { before: diff.title.before, after: diff.title.after })));
    if (diff.body.every((line) => line.op === "same")) parts.push(el("p", { className: "empty" }, t("diffNone")));
    else parts.push(this.lines(diff.body));
    this.diffBody.replaceChildren(...parts);
  }

  private lines(lines: DiffLine[]): HTMLOListElement {
    const list = el("ol", { className: "diff" });
    const near = lines.map((_, i) => lines.slice(Math.max(0, i - context), i + context + 1).some((l) => l.op !== "same"));
    let skipped = 0;
    const flush = () => {
      if (skipped > 0) list.append(el("li", { className: "diff-skip" }, t("diffSkipped", { count: skipped })));
      skipped = 0;
    };
    lines.forEach((line, i) => {
      if (!near[i]) {
        skipped++;
        return;
      }
      flush();
      const item = el("li", { className: `diff-${line.op}`, "data-testid": `diff-${line.op}` });
      if (line.op !== "same") {
        item.append(
          el("span", { className: "diff-op", "aria-hidden": "true" }, line.op === "added" ? "+" : "−"),
          el("span", { className: "visually-hidden" }, `${t(line.op === "added" ? "diffAdded" : "diffRemoved")}: `),
        );
      } else {
        item.append(el("span", { className: "diff-op", "aria-hidden": "true" }, " "));
      }
      item.append(document.createTextNode(line.text));
      list.append(item);
    });
    flush();
    return list;
  }
}
