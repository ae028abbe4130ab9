// A chat's topic tags and READ scale (GET/PUT /api/staff/conversations/{id}/classification), beside a live chat
// and under a transcript in the history view. Every change saves the whole classification at once; tags come
// back normalized by the server, with tags suggested from the knowledge-base articles the patron's messages matched.
import type { ChatClassification } from "../../shared/protocol";
import { api } from "../api";
import { el } from "../dom";
import { errorText } from "../errors";
import { t } from "../i18n";
import type { StringKey } from "../strings";

const readKeys: StringKey[] = ["classifyRead1", "classifyRead2", "classifyRead3", "classifyRead4", "classifyRead5", "classifyRead6"];

/** How long after a patron message the suggestions are asked for again (several messages in a row: one request). */
const suggestDelayMs = 1500;

export class ClassifyPanel {
  readonly root: HTMLElement;
  private readonly heading = el("h3", { className: "classify-heading" });
  private readonly tagsLabel = el("p", { className: "classify-label" });
  private readonly tagList = el("ul", { className: "classify-tags", "data-testid": "classify-tags" });
  private readonly addLabel: HTMLLabelElement;
  private readonly addInput: HTMLInputElement;
  private readonly addButton = el("button", { type: "submit", "data-testid": "classify-add" });
  private readonly addForm = el("form", { className: "classify-add" });
  private readonly suggested = el("p", { className: "classify-suggested", "data-testid": "classify-suggested" });
  private readonly readLabel: HTMLLabelElement;
  private readonly readSelect: HTMLSelectElement;
  private readonly hint = el("p", { className: "hint", hidden: true });
  private readonly status = el("p", { className: "classify-status", role: "status", "data-testid": "classify-status" });
  private state: ChatClassification | null = null;
  private saving: Promise<void> = Promise.resolve();
  private suggestTimer: number | undefined;
  private promptWanted = false;

  constructor(prefix: string, private readonly conversationId: string) {
    const headingId = `${prefix}-classify-heading`;
    const inputId = `${prefix}-classify-input`;
    const readId = `${prefix}-classify-read`;
    this.root = el("section", { className: "classify-panel", "data-testid": "classify-panel", "aria-labelledby": headingId });
    this.heading.id = headingId;
    this.addLabel = el("label", { for: inputId, className: "visually-hidden" });
    this.addInput = el("input", { id: inputId, type: "text", maxlength: 32, autocomplete: "off", "data-testid": "classify-input" });
    this.readLabel = el("label", { for: readId, className: "classify-label" });
    this.readSelect = el("select", { id: readId, "data-testid": "classify-read" });
    const row = el("div", { className: "classify-add-row" });
    row.append(this.addInput, this.addButton);
    this.addForm.append(this.addLabel, row);
    this.addForm.addEventListener("submit", (event) => {
      event.preventDefault();
      const tag = this.addInput.value.trim();
      if (tag.length === 0 || !this.state) return;
      void this.save([...this.state.tags, tag], this.state.readScale).then((ok) => {
        if (ok) this.addInput.value = "";
      });
    });
    this.readSelect.addEventListener("change", () => {
      if (!this.state) return;
      void this.save(this.state.tags, this.readSelect.value === "" ? null : Number(this.readSelect.value));
    });
    this.root.append(this.heading, this.tagsLabel, this.tagList, this.addForm, this.suggested, this.readLabel, this.readSelect, this.hint, this.status);
    this.relabel();
    void this.load();
  }

  /** Sets every fixed text in the current language. */
  relabel(): void {
    this.heading.textContent = t("classifyHeading");
    this.tagsLabel.textContent = t("classifyTags");
    this.addLabel.textContent = t("classifyAddLabel");
    this.addInput.placeholder = t("classifyAddLabel");
    this.addButton.textContent = t("classifyAdd");
    this.readLabel.textContent = t("classifyRead");
    this.render();
  }

  /** A patron message arrived: the suggestions may have changed (asked again after a short pause). */
  patronSpoke(): void {
    window.clearTimeout(this.suggestTimer);
    this.suggestTimer = window.setTimeout(() => void this.load(), suggestDelayMs);
  }

  /** The chat ended: ask for the READ scale if it is missing and the librarian may set it. */
  chatEnded(): void {
    this.promptWanted = true;
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.state = await api.classification(this.conversationId);
      this.render();
      if (this.promptWanted) this.prompt();
    } catch (error) {
      this.status.textContent = errorText(error);
    }
  }

  private prompt(): void {
    const s = this.state;
    if (!s || !s.editable || !s.answered || s.readScale !== null) return;
    this.promptWanted = false;
    this.status.textContent = t("classifyPrompt");
    this.root.classList.add("classify-prompt");
  }

  /** Saves one after the other, so two quick changes cannot arrive in the wrong order. */
  private save(tags: string[], readScale: number | null): Promise<boolean> {
    const run = this.saving.then(async () => {
      try {
        this.state = await api.classify(this.conversationId, { tags, readScale });
        this.status.textContent = t("classifySaved");
        this.root.classList.remove("classify-prompt");
        this.render();
        return true;
      } catch (error) {
        this.status.textContent = errorText(error);
        this.render();
        return false;
      }
    });
    this.saving = run.then(() => undefined);
    return run;
  }

  private render(): void {
    const s = this.state;
    const editable = s?.editable ?? false;
    this.tagList.replaceChildren();
    for (const tag of s?.tags ?? []) {
      const item = el("li", { className: "classify-tag", "data-testid": "classify-tag", "data-tag": tag });
      item.append(el("span", {}, tag));
      if (editable) {
        const remove = el("button", { type: "button", className: "quiet classify-remove", "aria-label": t("classifyRemoveTag", { tag }) }, "×");
        remove.addEventListener("click", () => {
          if (this.state) void this.save(this.state.tags.filter((x) => x !== tag), this.state.readScale);
        });
        item.append(remove);
      }
      this.tagList.append(item);
    }
    if ((s?.tags.length ?? 0) === 0) this.tagList.append(el("li", { className: "empty" }, t("classifyNoTags")));
    this.addForm.hidden = !editable;

    this.suggested.replaceChildren();
    const suggestions = editable ? (s?.suggestedTags ?? []) : [];
    this.suggested.hidden = suggestions.length === 0;
    if (suggestions.length > 0) this.suggested.append(el("span", {}, t("classifySuggested")));
    for (const tag of suggestions) {
      const add = el("button", { type: "button", className: "classify-suggestion", "data-testid": "classify-suggestion", "data-tag": tag,
        "aria-label": t("classifyAddSuggested", { tag }) }, `+ ${tag}`);
      add.addEventListener("click", () => {
        if (this.state) void this.save([...this.state.tags, tag], this.state.readScale);
      });
      this.suggested.append(" ", add);
    }

    this.readSelect.replaceChildren(el("option", { value: "" }, t("classifyReadNone")));
    readKeys.forEach((key, i) => this.readSelect.append(el("option", { value: String(i + 1) }, t(key))));
    this.readSelect.value = s?.readScale ? String(s.readScale) : "";
    this.readSelect.disabled = !editable || !(s?.answered ?? false);
    const hint = !s ? null : !editable ? t("classifyReadOnly") : !s.answered ? t("classifyReadUnanswered") : null;
    this.hint.hidden = hint === null;
    this.hint.textContent = hint;
  }
}
