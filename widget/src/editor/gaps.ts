// Knowledge gaps (patron questions the knowledge base answered poorly, grouped by shared search
// terms) and drafts from a chat. Both only pre-fill the article form: nothing is saved until the
// editor reviews the text and saves it.
import { byId, el } from "../console/dom";
import { editorApi, type ArticleInput, type KnowledgeGap } from "./api";
import { errorText } from "./errors";
import { formatDateTime, t } from "./i18n";

/** Opens the article form with these values (and switches to the articles view). */
export type Prefill = (input: Partial<ArticleInput>) => void;

export class GapsView {
  private readonly root = byId("gaps-list");
  private readonly days = byId<HTMLSelectElement>("gaps-days");
  private readonly chatId = byId<HTMLInputElement>("from-chat-id");
  private readonly chatError = byId("from-chat-error");
  private gaps: KnowledgeGap[] | null = null;

  constructor(private readonly prefill: Prefill) {
    byId<HTMLFormElement>("gaps-form").addEventListener("submit", (event) => {
      event.preventDefault();
      void this.load();
    });
    byId<HTMLFormElement>("from-chat-form").addEventListener("submit", (event) => {
      event.preventDefault();
      void this.fromChat(this.chatId.value.trim());
    });
  }

  shown(): void {
    if (this.gaps === null) void this.load();
  }

  async load(): Promise<void> {
    this.root.replaceChildren(el("p", { role: "status" }, t("loading")));
    try {
      this.gaps = await editorApi.gaps(Number(this.days.value));
      this.render();
    } catch (error) {
      this.root.replaceChildren(el("p", { className: "form-error", role: "alert" }, errorText(error)));
    }
  }

  render(): void {
    if (this.gaps === null) return;
    if (this.gaps.length === 0) {
      this.root.replaceChildren(el("p", { className: "empty" }, t("gapsEmpty")));
      return;
    }
    this.root.replaceChildren(...this.gaps.map((gap) => this.card(gap)));
  }

  private card(gap: KnowledgeGap): HTMLElement {
    const card = el("article", { className: "gap", "data-testid": "gap" });
    const first = gap.examples[0] ?? "";
    card.append(el("h3", {}, first));
    card.append(el("p", { className: "hint" }, t("gapAsked", { count: gap.count, at: formatDateTime(gap.lastAsked) })));
    if (gap.examples.length > 1) {
      const list = el("ul");
      for (const example of gap.examples.slice(1)) list.append(el("li", {}, example));
      card.append(list);
    }
    if (gap.terms.length > 0) card.append(el("p", { className: "hint" }, t("gapTerms", { terms: gap.terms.join(" · ") })));
    const actions = el("div", { className: "gap-actions" });
    const create = el("button", { type: "button", className: "primary", "data-testid": "gap-new-article", "aria-label": t("gapNewArticleLabel", { question: first }) }, t("gapNewArticle"));
    create.addEventListener("click", () => this.prefill(draftFromGap(gap)));
    actions.append(create);
    for (const id of gap.conversationIds.slice(0, 3)) {
      const fromChat = el("button", { type: "button", "data-testid": "gap-from-chat" }, t("gapFromChat", { id }));
      fromChat.addEventListener("click", () => void this.fromChat(id));
      actions.append(fromChat);
    }
    card.append(actions);
    return card;
  }

  private async fromChat(conversationId: string): Promise<void> {
    this.chatError.textContent = "";
    if (!conversationId) {
      this.chatId.focus();
      return;
    }
    try {
      this.prefill(await editorApi.draftFromChat(conversationId));
    } catch (error) {
      this.chatError.textContent = errorText(error);
    }
  }
}

/**
 * A draft answering a gap: the first question as title, all of them listed, and a place for the
 * answer. The headings follow the questions' language, not the workbench's.
 */
export function draftFromGap(gap: KnowledgeGap): Partial<ArticleInput> {
  const first = gap.examples[0] ?? "";
  const chinese = gap.examples.some((q) => /[\u3400-\u9fff]/.test(q));
  const questions = gap.examples.map((q) => `- ${q.replace(/\s+/g, " ").trim()}`).join("\n");
  const body = chinese
    ? `## 读者的问题\n\n${questions}\n\n## 解答\n\n（请补充解答）\n`
    : `## Questions patrons asked\n\n${questions}\n\n## Answer\n\n(write the answer)\n`;
  return {
    title: first.length > 200 ? `${first.slice(0, 199)}…` : first,
    body,
    language: chinese ? "zh-CN" : "en",
    status: "draft",
  };
}
