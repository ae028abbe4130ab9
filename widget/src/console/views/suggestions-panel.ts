// "Suggested answers" beside one chat: the top knowledge-base articles for the patron's latest
// message (or a manual search), each with its category and highlighted snippet; a read-only article
// view; and Insert, which puts title, summary and public link into this chat's reply box without
// sending. Usage is reported to the server (shown once per article per chat, opened, inserted),
// which ranks articles by it.
import type { KbArticleView, KbStaffEventKind, KbSuggestion } from "../../shared/knowledge";
import { api } from "../api";
import { articleFragment } from "../article-html";
import { el } from "../dom";
import { errorText } from "../errors";
import { t } from "../i18n";
import { answerText, categoryLabel, languageOf, shortQuery } from "../kb-format";
import { snippetNodes } from "../snippet";
import { preview } from "./queue-view";

export interface SuggestionActions {
  /** Puts the text into this chat's reply box (at the cursor) and focuses it. */
  insert(text: string): void;
  failed(error: unknown): void;
}

type Source = { kind: "auto" | "search"; query: string };
type Status = { kind: "idle" } | { kind: "loading" } | { kind: "ready"; kept: boolean } | { kind: "error"; error: unknown };

/** Patron messages often come in bursts (and a reopened chat loads many at once): ask once they settle. */
const autoDelayMs = 250;
/** Article headings sit under the chat (h2), the panel (h3) and the article title (h4). */
const articleHeadingShift = 3;

export class SuggestionsPanel {
  readonly root: HTMLElement;
  private readonly heading: HTMLHeadingElement;
  private readonly searchLabel: HTMLLabelElement;
  private readonly searchInput: HTMLInputElement;
  private readonly searchButton = el("button", { type: "submit", "data-testid": "kb-search-button" });
  private readonly statusLine = el("p", { className: "kb-status", role: "status", "data-testid": "kb-status" });
  private readonly list = el("ol", { className: "kb-list" });
  private readonly articleView = el("section", { className: "kb-article", "data-testid": "kb-article", hidden: true });
  private results: KbSuggestion[] = [];
  private source: Source | null = null;
  private status: Status = { kind: "idle" };
  private article: KbArticleView | null = null;
  private readonly shownRecorded = new Set<string>();
  private latestRequest = 0;
  private lastAutoQuery: string | null = null;
  private autoTimer: number | undefined;
  private insertEnabled = true;

  constructor(idPrefix: string, private readonly actions: SuggestionActions) {
    const headingId = `${idPrefix}-kb-heading`;
    const inputId = `${idPrefix}-kb-search`;
    this.root = el("section", { className: "kb-panel", "data-testid": "kb-panel", "aria-labelledby": headingId });
    this.heading = el("h3", { id: headingId, className: "kb-heading" });
    this.searchLabel = el("label", { for: inputId, className: "kb-search-label" });
    this.searchInput = el("input", { type: "search", id: inputId, maxlength: 500, "data-testid": "kb-search-input", autocomplete: "off" });
    const form = el("form", { className: "kb-search", role: "search" });
    const row = el("div", { className: "kb-search-row" });
    row.append(this.searchInput, this.searchButton);
    form.append(this.searchLabel, row);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.search();
    });
    this.articleView.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.stopPropagation();
        this.closeArticle();
      }
    });
    this.root.append(this.heading, form, this.statusLine, this.list, this.articleView);
    this.relabel();
  }

  /** Suggestions for a patron message (or the chat's question), fetched once messages settle. */
  suggestFor(text: string): void {
    const query = shortQuery(text);
    if (query.length === 0 || query === this.lastAutoQuery) return;
    this.lastAutoQuery = query;
    window.clearTimeout(this.autoTimer);
    this.autoTimer = window.setTimeout(() => void this.load({ kind: "auto", query }), autoDelayMs);
  }

  /** The pane was put on screen: what the librarian now sees counts as shown. */
  attached(): void {
    this.recordShown();
  }

  /** Insert is offered only while the chat is live (a closed chat's reply box is disabled). */
  setInsertEnabled(enabled: boolean): void {
    this.insertEnabled = enabled;
    for (const button of this.root.querySelectorAll<HTMLButtonElement>(".kb-insert")) button.disabled = !enabled;
  }

  relabel(): void {
    this.heading.textContent = t("kbHeading");
    this.searchLabel.textContent = t("kbSearchLabel");
    this.searchInput.placeholder = t("kbSearchPlaceholder");
    this.searchButton.textContent = t("search");
    this.renderStatus();
    this.renderList();
    if (this.article) this.renderArticle(this.article);
  }

  private search(): void {
    const query = shortQuery(this.searchInput.value);
    if (query.length === 0) return;
    // The librarian's own search wins over suggestions still waiting for a burst of messages to settle.
    window.clearTimeout(this.autoTimer);
    if (this.article) this.closeArticle(false);
    void this.load({ kind: "search", query });
  }

  private async load(source: Source): Promise<void> {
    const request = ++this.latestRequest;
    this.setStatus({ kind: "loading" });
    try {
      const results = await api.kbSuggest(source.query, languageOf(source.query));
      if (request !== this.latestRequest) return; // a newer message or search has taken over
      // "谢谢" matches nothing; keep the articles that answered the real question.
      if (results.length === 0 && source.kind === "auto" && this.results.length > 0) {
        this.setStatus({ kind: "ready", kept: true });
        return;
      }
      this.results = results;
      this.source = source;
      this.renderList();
      this.setStatus({ kind: "ready", kept: false });
      this.recordShown();
    } catch (error) {
      if (request === this.latestRequest) this.setStatus({ kind: "error", error });
    }
  }

  private setStatus(status: Status): void {
    this.status = status;
    this.renderStatus();
  }

  private renderStatus(): void {
    const s = this.status;
    if (s.kind === "idle") this.statusLine.textContent = t("kbIdle");
    else if (s.kind === "loading") this.statusLine.textContent = t("loading");
    else if (s.kind === "error") this.statusLine.textContent = errorText(s.error);
    else if (s.kept) this.statusLine.textContent = t("kbNoneKept");
    else if (this.results.length === 0) this.statusLine.textContent = t("kbNone");
    else if (this.source) {
      const query = preview(this.source.query, 40);
      const heading = t(this.source.kind === "auto" ? "kbSuggestedFor" : "kbResultsFor", { query });
      this.statusLine.textContent = `${heading} · ${t("kbCount", { count: this.results.length })}`;
    }
  }

  private renderList(): void {
    this.list.replaceChildren(...this.results.map((s) => this.item(s)));
  }

  private item(s: KbSuggestion): HTMLLIElement {
    const item = el("li", { className: "kb-item", "data-testid": "kb-suggestion", "data-article-id": s.id });
    const title = el("button", { type: "button", className: "kb-title", "data-testid": "kb-open" }, s.title);
    title.addEventListener("click", () => void this.open(s.id));
    const meta = el("p", { className: "kb-meta" });
    meta.append(el("span", { className: "kb-category", "data-testid": "kb-category" }, categoryLabel(s.category)));
    if (s.audience === "staff") meta.append(" · ", el("span", { className: "kb-tag" }, t("kbStaffOnly")));
    const snippet = el("p", { className: "kb-snippet", "data-testid": "kb-snippet" });
    // A match in the title alone leaves no body snippet; the summary still says what the article is about.
    if (s.snippetHtml.length > 0) snippet.append(...snippetNodes(s.snippetHtml));
    else snippet.textContent = s.summary;
    item.append(title, meta, snippet);
    if (s.audience === "staff") item.append(el("p", { className: "hint" }, t("kbStaffOnlyHint")));
    else item.append(this.insertButton(s, "kb-insert"));
    return item;
  }

  private insertButton(article: KbSuggestion | KbArticleView, testId: string): HTMLButtonElement {
    const button = el("button", {
      type: "button",
      className: "kb-insert",
      "data-testid": testId,
      "aria-label": t("kbInsertLabel", { title: article.title }),
      disabled: !this.insertEnabled,
    }, t("kbInsert"));
    button.addEventListener("click", () => {
      this.actions.insert(answerText(article, window.location.origin));
      this.record(article.id, "inserted");
    });
    return button;
  }

  private async open(id: string): Promise<void> {
    try {
      const article = await api.kbArticle(id);
      this.renderArticle(article);
      this.list.hidden = true;
      this.articleView.hidden = false;
      this.articleView.querySelector<HTMLElement>(".kb-article-title")?.focus();
      this.record(id, "opened");
    } catch (error) {
      this.actions.failed(error);
    }
  }

  private renderArticle(article: KbArticleView): void {
    this.article = article;
    this.articleView.dataset.articleId = article.id;
    const back = el("button", { type: "button", className: "quiet kb-back", "data-testid": "kb-article-back" }, `← ${t("kbBack")}`);
    back.addEventListener("click", () => this.closeArticle());
    const title = el("h4", { className: "kb-article-title", tabindex: -1 }, article.title);
    const meta = el("p", { className: "kb-meta" });
    meta.append(el("span", { className: "kb-category" }, categoryLabel(article.category)));
    const body = el("div", { className: "kb-article-body" });
    body.append(articleFragment(article.html, articleHeadingShift));
    const tools = el("p", { className: "kb-article-tools" });
    if (article.audience === "staff") {
      meta.append(" · ", el("span", { className: "kb-tag" }, t("kbStaffOnly")));
      tools.append(el("span", { className: "hint" }, t("kbStaffOnlyHint")));
    } else {
      const link = el("a", { href: article.url, target: "_blank", rel: "noopener noreferrer" }, t("kbPublicPage"));
      link.append(el("span", { className: "visually-hidden" }, t("kbNewTab")));
      tools.append(this.insertButton(article, "kb-article-insert"), " ", link);
    }
    this.articleView.replaceChildren(back, title, meta, tools, body);
  }

  /** Back to the list, focus on the title the article was opened from (when asked to move focus). */
  private closeArticle(moveFocus = true): void {
    const id = this.article?.id;
    this.article = null;
    this.articleView.hidden = true;
    this.articleView.replaceChildren();
    this.list.hidden = false;
    if (!moveFocus) return;
    const from = id ? this.list.querySelector<HTMLElement>(`[data-article-id="${CSS.escape(id)}"] .kb-title`) : null;
    (from ?? this.searchInput).focus();
  }

  private recordShown(): void {
    if (!this.root.isConnected || !this.source) return;
    for (const s of this.results) {
      if (this.shownRecorded.has(s.id)) continue;
      this.shownRecorded.add(s.id);
      this.record(s.id, "shown");
    }
  }

  private record(articleId: string, kind: KbStaffEventKind): void {
    // Usage counts tune the ranking; a lost one is not worth interrupting the librarian for.
    api.kbEvent({ articleId, kind, query: this.source?.query ?? null }).catch((error: unknown) =>
      console.debug(`KB ${kind} event not recorded`, error),
    );
  }
}
