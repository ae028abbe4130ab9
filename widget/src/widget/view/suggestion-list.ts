// Knowledge-base articles that may answer the question being typed, under the question box.
// Asks the server 300 ms after the patron stops typing; a newer keystroke aborts the older request,
// and an answer that arrives after a newer one was asked for is ignored. Each article is recorded as
// `shown` once per question (the set starts afresh when the box is emptied).
import type { KbSuggestion } from "../../shared/knowledge";
import { h, show, uid } from "../dom";
import type { Texts } from "../i18n";
import type { KnowledgeClient } from "../knowledge";

const debounceMs = 300;
const minChars = 2;

export class SuggestionList {
  /** The list (hidden while empty) and, outside it, the polite announcer, which must stay rendered to be heard. */
  readonly element: HTMLElement;
  private readonly section: HTMLElement;
  private readonly list = h("ul", { "data-testid": "suggestion-list" });
  // Announced politely and briefly ("3 articles may help"); the list itself is not live, so
  // typing is never interrupted by the titles being read out.
  private readonly announcer = h("p", { class: "visually-hidden", role: "status" });
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pending: AbortController | null = null;
  private asked = 0;
  private shownIds = new Set<string>();
  private current = "";
  private question: HTMLTextAreaElement | null = null;

  constructor(
    private readonly t: Texts,
    private readonly kb: KnowledgeClient,
    private readonly open: (suggestion: KbSuggestion, query: string) => void,
  ) {
    const headingId = uid("suggestions");
    this.section = h("section", { class: "suggestions", "data-testid": "suggestions", "aria-labelledby": headingId },
      h("h3", { id: headingId, text: t.suggestionsHeading }),
      this.list);
    show(this.section, false);
    this.element = h("div", {}, this.section, this.announcer);
  }

  /** Follows a question box (the list is built before the screen that holds both). */
  watch(question: HTMLTextAreaElement): void {
    this.question = question;
    question.addEventListener("input", (event) => {
      // Pinyin and other input methods: wait for the composed characters, not the letters typed.
      if (!(event as InputEvent).isComposing) this.update();
    });
    question.addEventListener("compositionend", () => this.update());
  }

  /** Re-reads the question box, e.g. after it was filled in by code. */
  update(): void {
    clearTimeout(this.timer);
    const query = this.question?.value.trim() ?? "";
    if (query === this.current) {
      this.cancel(); // back to what is on screen: an answer for the text in between is stale
      return;
    }
    if (query.length < minChars) {
      if (!query) this.shownIds = new Set();
      this.cancel();
      this.render([], query);
      return;
    }
    this.timer = setTimeout(() => void this.ask(query), debounceMs);
  }

  /** A new question begins: forget what was shown for the previous one. */
  reset(): void {
    clearTimeout(this.timer);
    this.cancel();
    this.shownIds = new Set();
    this.render([], "");
  }

  private cancel(): void {
    this.asked++;
    this.pending?.abort();
    this.pending = null;
  }

  private async ask(query: string): Promise<void> {
    this.cancel();
    const asked = this.asked;
    const controller = (this.pending = new AbortController());
    let suggestions: KbSuggestion[];
    try {
      suggestions = await this.kb.suggest(query, controller.signal);
    } catch (error) {
      if (controller.signal.aborted) return;
      console.warn("AskLibrary: suggestions unavailable", error);
      suggestions = [];
    }
    if (asked !== this.asked) return; // a newer question was asked meanwhile
    this.pending = null;
    this.render(suggestions.slice(0, 3), query);
  }

  private render(suggestions: KbSuggestion[], query: string): void {
    const before = Array.from(this.list.children, (li) => (li as HTMLElement).dataset.articleId).join();
    this.current = query;
    this.list.replaceChildren(...suggestions.map((s) => this.item(s, query)));
    show(this.section, suggestions.length > 0);
    if (suggestions.map((s) => s.id).join() !== before) {
      this.announcer.textContent = suggestions.length > 0 ? this.t.suggestionsFound(suggestions.length) : "";
    }
    for (const s of suggestions) {
      if (this.shownIds.has(s.id)) continue;
      this.shownIds.add(s.id);
      this.kb.record(s.id, "shown", query);
    }
  }

  private item(s: KbSuggestion, query: string): HTMLElement {
    const button = h("button", { type: "button", class: "suggestion", "data-testid": "suggestion" },
      h("span", { class: "suggestion-title", text: s.title }),
      h("span", { class: "snippet" }, ...snippetNodes(s.snippetHtml || s.summary)));
    button.addEventListener("click", () => this.open(s, query));
    return h("li", { "data-article-id": s.id }, button);
  }

  /** The suggestion button of an article, to return focus to after reading it. */
  buttonFor(articleId: string): HTMLElement | null {
    for (const li of Array.from(this.list.children)) {
      if ((li as HTMLElement).dataset.articleId === articleId) return li.querySelector("button");
    }
    return null;
  }
}

/**
 * The server's snippet is escaped text with <mark> around matches. It is rebuilt here from text
 * nodes and <mark> elements only, so nothing else in it could ever become markup.
 */
function snippetNodes(snippetHtml: string): Node[] {
  return snippetHtml.split(/<mark>(.*?)<\/mark>/).map((part, i) =>
    i % 2 === 1 ? h("mark", { text: unescapeHtml(part) }) : document.createTextNode(unescapeHtml(part)));
}

const entities: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#39;": "'" };

function unescapeHtml(text: string): string {
  return text.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => entities[entity]!);
}
