// A suggested article, read inside the widget: Back to the question, the article (HTML sanitized by
// the server, made safe to place here once more), a link to its public page, related articles, and
// "Did this answer your question?". Yes thanks the patron and offers to close; No goes back to the
// question, ready to ask a librarian.
import type { KbArticleView } from "../../shared/knowledge";
import { h, show, uid } from "../dom";
import type { Texts } from "../i18n";
import type { KnowledgeClient } from "../knowledge";

export interface ArticleHandlers {
  back(): void;
  /** The patron said No: back to the question, with asking a librarian as the next step. */
  askLibrarian(): void;
  close(): void;
}

export class ArticleScreen {
  readonly element: HTMLElement;
  private readonly heading = h("h3", { class: "article-title", "data-testid": "article-title", tabindex: -1 });
  private readonly body = h("div", { class: "article-body", "data-testid": "article-body" });
  private readonly fullPage = h("a", { class: "full-article", "data-testid": "article-link", target: "_blank", rel: "noopener" });
  private readonly related = h("ul", { class: "related" });
  private readonly relatedSection: HTMLElement;
  private readonly feedback: HTMLElement;
  private readonly thanks: HTMLElement;
  private readonly error = h("p", { class: "error", role: "alert" });
  private articleId: string | null = null;
  private query = "";
  private loading = 0;

  constructor(private readonly t: Texts, private readonly kb: KnowledgeClient, handlers: ArticleHandlers, canClose: boolean) {
    const back = h("button", { type: "button", class: "link", "data-testid": "article-back", text: `← ${t.articleBack}` });
    back.addEventListener("click", () => handlers.back());
    const relatedId = uid("related");
    this.relatedSection = h("section", { "aria-labelledby": relatedId },
      h("h4", { id: relatedId, text: t.articleRelated }), this.related);
    const questionId = uid("helpful");
    const yes = h("button", { type: "button", class: "secondary", "data-testid": "article-helpful", text: t.articleYes });
    const no = h("button", { type: "button", class: "secondary", "data-testid": "article-not-helpful", text: t.articleNo });
    yes.addEventListener("click", () => this.answered(true));
    no.addEventListener("click", () => {
      this.answered(false);
      handlers.askLibrarian();
    });
    this.feedback = h("div", { class: "helpful", role: "group", "aria-labelledby": questionId },
      h("p", { id: questionId, text: t.articleHelpful }), h("div", { class: "choices" }, yes, no));
    const close = h("button", { type: "button", class: "secondary", "data-testid": "article-close", text: t.close });
    close.addEventListener("click", () => handlers.close());
    this.thanks = h("div", { class: "stack" },
      h("p", { class: "confirmation", "data-testid": "article-thanks", text: t.articleThanks, tabindex: -1 }),
      canClose && close);
    this.element = h("section", { class: "screen stack article", "data-testid": "article" },
      back, this.heading, this.error, this.body, this.fullPage, this.relatedSection, this.feedback, this.thanks);
  }

  /** Shows an article; `query` is what the patron had typed, recorded with their feedback. */
  async show(id: string, title: string, query: string): Promise<void> {
    const loading = ++this.loading;
    this.articleId = id;
    this.query = query;
    this.heading.textContent = title;
    this.body.replaceChildren(h("p", { class: "muted", text: this.t.articleLoading }));
    this.error.textContent = "";
    this.fullPage.href = new URL(`/kb/${encodeURIComponent(id)}`, this.kb.serverOrigin).href;
    this.fullPage.textContent = `${this.t.articleFullPage} ↗`;
    for (const part of [this.fullPage, this.relatedSection, this.feedback, this.thanks]) show(part, false);
    this.heading.focus();
    let article: KbArticleView;
    let content: DocumentFragment;
    try {
      article = await this.kb.article(id);
      content = safeFragment(article.html, this.kb.serverOrigin, (next) => void this.show(next, "", query));
    } catch (error) {
      if (loading !== this.loading) return;
      console.warn("AskLibrary: could not open the article", error);
      this.body.replaceChildren();
      this.error.textContent = this.t.errorGeneric;
      show(this.fullPage, true); // the public page may still open where the widget could not
      return;
    }
    if (loading !== this.loading) return; // the patron went on to another article meanwhile
    this.kb.record(id, "opened", query);
    this.heading.textContent = article.title;
    this.body.replaceChildren(content);
    this.fullPage.href = new URL(article.url, this.kb.serverOrigin).href;
    this.related.replaceChildren(...article.related.map((r) => {
      const button = h("button", { type: "button", class: "link", text: r.title });
      button.addEventListener("click", () => void this.show(r.id, r.title, query));
      return h("li", {}, button);
    }));
    show(this.fullPage, true);
    show(this.relatedSection, article.related.length > 0);
    show(this.feedback, true);
  }

  focus(): void {
    this.heading.focus();
  }

  get currentArticleId(): string | null {
    return this.articleId;
  }

  private answered(helpful: boolean): void {
    if (!this.articleId) return;
    this.kb.record(this.articleId, helpful ? "helpful" : "nothelpful", this.query);
    show(this.feedback, false);
    if (helpful) {
      show(this.thanks, true);
      this.thanks.querySelector<HTMLElement>("[tabindex]")?.focus();
    }
  }
}

const allowedSchemes = new Set(["http:", "https:", "mailto:", "tel:"]);
const articlePath = /^\/kb\/([A-Za-z0-9_-]{1,64})$/;

/**
 * The server already sanitized the HTML; this is the second lock on the door, and it fixes what only
 * the widget knows: it lives on another site, so the server's relative links and images are resolved
 * against the server, links to other articles open inline, and every other link opens a new tab.
 * A <template> parses without running or loading anything.
 */
function safeFragment(html: string, serverOrigin: string, openArticle: (id: string) => void): DocumentFragment {
  const template = document.createElement("template");
  template.innerHTML = html;
  const content = template.content;
  content.querySelectorAll("script, style, iframe, object, embed, form, link, meta, base").forEach((e) => e.remove());
  for (const element of Array.from(content.querySelectorAll("*"))) {
    for (const attribute of Array.from(element.attributes)) {
      if (attribute.name.startsWith("on") || attribute.name === "style") element.removeAttribute(attribute.name);
    }
  }
  const resolve = (raw: string | null): URL | null => {
    try {
      const url = new URL(raw ?? "", serverOrigin);
      return allowedSchemes.has(url.protocol) ? url : null;
    } catch {
      return null;
    }
  };
  content.querySelectorAll("img").forEach((img) => {
    const url = resolve(img.getAttribute("src"));
    if (url) img.src = url.href;
    else img.remove();
  });
  content.querySelectorAll("a").forEach((link) => {
    const url = resolve(link.getAttribute("href"));
    if (!url) {
      link.removeAttribute("href");
      return;
    }
    link.href = url.href;
    const article = url.origin === serverOrigin ? articlePath.exec(url.pathname) : null;
    if (article) {
      link.addEventListener("click", (event) => {
        event.preventDefault();
        openArticle(article[1]!);
      });
    } else if (url.protocol.startsWith("http")) {
      link.target = "_blank";
      link.rel = "noopener noreferrer";
    }
  });
  return content; // moved, not cloned: the click handlers above come along
}
