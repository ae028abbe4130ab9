// One chat the librarian holds: facts about the patron, the transcript (deduplicated by seq),
// the patron-typing line, and the composer (reply or internal note, canned responses, transfer,
// end). Panes live as long as the chat is open; only the selected one is in the document, so a
// test id such as reply-input is unique on the page at any moment.
import type { CannedResponse, ChatMessage, ChatSummary, ChatUnassigned, SendAck } from "../../shared/protocol";
import { el } from "../dom";
import { isRefusal } from "../errors";
import { t } from "../i18n";
import { newClientMessageId } from "../ids";
import { MessageLog } from "../message-log";
import { chatFacts, messageElement, stateLabel } from "../render-message";
import type { StringKey } from "../strings";

export interface PaneActions {
  send(conversationId: string, clientMessageId: string, text: string, asNote: boolean): Promise<SendAck>;
  typing(conversationId: string, isTyping: boolean): void;
  renderCanned(conversationId: string, cannedId: string): Promise<string>;
  transfer(conversationId: string): void;
  end(conversationId: string): Promise<void>;
  dismiss(conversationId: string): void;
  failed(error: unknown): void;
  myName(): string | null;
  queueName(queueId: string): string;
}

const departedKeys: Record<ChatUnassigned["reason"], StringKey> = {
  ended: "departedEnded",
  transferred: "departedTransferred",
  requeued: "departedRequeued",
  taken: "departedTaken",
};

/** How long the patron-typing line stays without a fresh TypingChanged (a lost "stopped" event). */
const typingTimeoutMs = 15000;
/** How long after the last keystroke the console tells the patron that the librarian stopped typing. */
const typingIdleMs = 3000;

export class ChatPane {
  readonly root: HTMLElement;
  readonly log = new MessageLog();
  closedReason: ChatUnassigned["reason"] | null = null;

  private readonly heading: HTMLHeadingElement;
  private readonly sub: HTMLParagraphElement;
  private readonly facts = el("dl", { className: "facts facts-inline" });
  private readonly noteText = el("span");
  private readonly cannedLabel: HTMLLabelElement;
  private readonly logRegion: HTMLDivElement;
  private readonly banner = el("p", { className: "banner", role: "status", hidden: true });
  private readonly list: HTMLOListElement;
  private readonly typingLine: HTMLParagraphElement;
  private readonly input: HTMLTextAreaElement;
  private readonly inputLabel: HTMLLabelElement;
  private readonly noteToggle: HTMLInputElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly cannedSelect: HTMLSelectElement;
  private readonly cannedInsert: HTMLButtonElement;
  private readonly transferButton: HTMLButtonElement;
  private readonly endButton: HTMLButtonElement;
  private readonly closeButton: HTMLButtonElement;
  private typingSent = false;
  private typingTimer: number | undefined;
  private patronTypingTimer: number | undefined;
  private sending = false;
  /** The id of a send whose outcome is unknown (connection lost), reused when the same text is sent again. */
  private pending: { id: string; text: string; note: boolean } | null = null;

  constructor(public chat: ChatSummary, private readonly actions: PaneActions) {
    const id = chat.conversationId;
    const prefix = `pane-${id.replace(/[^A-Za-z0-9_-]/g, "_")}`;
    this.root = el("section", { className: "chat-pane", "data-testid": "chat-pane", "data-conversation-id": id, "aria-labelledby": `${prefix}-heading` });

    this.heading = el("h2", { id: `${prefix}-heading`, className: "pane-heading" });
    this.sub = el("p", { className: "pane-sub" });
    this.transferButton = el("button", { type: "button", "data-testid": "transfer-button" });
    this.endButton = el("button", { type: "button", className: "danger", "data-testid": "end-chat-button" });
    this.closeButton = el("button", { type: "button", className: "quiet", hidden: true });
    const actionsBar = el("div", { className: "pane-actions" });
    actionsBar.append(this.transferButton, this.endButton, this.closeButton);
    const header = el("div", { className: "pane-header" });
    const titles = el("div");
    titles.append(this.heading, this.sub);
    header.append(titles, actionsBar);

    // role=log on a wrapper, not on the <ol>: the list keeps its list semantics for screen readers.
    this.logRegion = el("div", { className: "message-log", role: "log", "aria-live": "polite", tabindex: 0 });
    this.list = el("ol", { className: "message-list" });
    this.logRegion.append(this.list);
    this.typingLine = el("p", { className: "typing-indicator", "data-testid": "patron-typing", hidden: true });

    const form = el("form", { className: "composer" });
    const inputId = `${prefix}-input`;
    this.inputLabel = el("label", { for: inputId, className: "composer-label" });
    this.input = el("textarea", { id: inputId, rows: 3, maxlength: 4000, "data-testid": "reply-input" });
    this.noteToggle = el("input", { type: "checkbox", id: `${prefix}-note`, "data-testid": "note-toggle" });
    const noteLabel = el("label", { className: "check note-check", for: `${prefix}-note` });
    noteLabel.append(this.noteToggle, " ", this.noteText);
    const cannedId = `${prefix}-canned`;
    this.cannedSelect = el("select", { id: cannedId, "data-testid": "canned-select", className: "compact" });
    this.cannedInsert = el("button", { type: "button", "data-testid": "canned-insert" });
    const canned = el("span", { className: "canned-picker" });
    this.cannedLabel = el("label", { for: cannedId });
    canned.append(this.cannedLabel, this.cannedSelect, this.cannedInsert);
    this.sendButton = el("button", { type: "submit", className: "primary", "data-testid": "send-button" });
    const bar = el("div", { className: "composer-bar" });
    bar.append(noteLabel, canned, this.sendButton);
    form.append(this.inputLabel, this.input, bar);

    this.root.append(header, this.facts, this.banner, this.logRegion, this.typingLine, form);
    this.wire(form);
    this.relabel();
  }

  /** Sets every fixed text in the current language; called again when the language changes. */
  relabel(): void {
    this.transferButton.textContent = t("transfer");
    this.endButton.textContent = t("endChat");
    this.closeButton.textContent = t("closePane");
    this.logRegion.setAttribute("aria-label", t("transcriptLabel"));
    this.typingLine.textContent = t("patronTyping");
    this.noteText.textContent = t("noteToggle");
    this.cannedLabel.textContent = t("cannedPick");
    this.cannedInsert.textContent = t("cannedInsert");
    this.showMode();
    if (this.closedReason) this.banner.textContent = t(departedKeys[this.closedReason]);
    if (this.cannedSelect.options[0]) this.cannedSelect.options[0].textContent = t("cannedNone");
    this.list.replaceChildren(...this.log.messages.map(messageElement));
    this.update(this.chat);
  }

  private wire(form: HTMLFormElement): void {
    const id = this.chat.conversationId;
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.submit();
    });
    this.input.addEventListener("keydown", (event) => {
      // Enter sends; Shift+Enter is a new line; Enter that confirms an IME candidate (pinyin) is not a send.
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
        event.preventDefault();
        void this.submit();
      }
    });
    this.input.addEventListener("input", () => this.typed());
    this.noteToggle.addEventListener("change", () => this.showMode());
    this.cannedInsert.addEventListener("click", () => void this.insertCanned());
    this.transferButton.addEventListener("click", () => this.actions.transfer(id));
    this.endButton.addEventListener("click", () => {
      this.endButton.disabled = true;
      void this.actions.end(id).finally(() => (this.endButton.disabled = this.isClosed()));
    });
    this.closeButton.addEventListener("click", () => this.actions.dismiss(id));
  }

  update(chat: ChatSummary): void {
    this.chat = chat;
    this.heading.textContent = chat.patronName || t("anonymous");
    this.sub.textContent = `${this.actions.queueName(chat.queueId)} · ${stateLabel(chat.state)}`;
    chatFacts(this.facts, chat, this.actions.queueName(chat.queueId));
    if (chat.state === "closed" || chat.state === "abandoned") this.markClosed("ended");
  }

  /** Adds messages from Open or MessageAdded; duplicates (same seq) are ignored. Returns how many were new. */
  addMessages(messages: readonly ChatMessage[]): number {
    const region = this.logRegion;
    const nearBottom = region.scrollHeight - region.scrollTop - region.clientHeight < 80;
    let added = 0;
    for (const message of messages) {
      const index = this.log.add(message);
      if (index < 0) continue;
      added++;
      const node = messageElement(message);
      const before = this.list.children[index] ?? null;
      this.list.insertBefore(node, before);
      if (message.kind === "patron") this.setPatronTyping(false);
    }
    if (added > 0 && nearBottom) region.scrollTop = region.scrollHeight;
    return added;
  }

  setPatronTyping(isTyping: boolean): void {
    window.clearTimeout(this.patronTypingTimer);
    this.typingLine.hidden = !isTyping;
    if (isTyping) this.patronTypingTimer = window.setTimeout(() => (this.typingLine.hidden = true), typingTimeoutMs);
  }

  setCanned(responses: readonly CannedResponse[]): void {
    const selected = this.cannedSelect.value;
    this.cannedSelect.replaceChildren(el("option", { value: "" }, t("cannedNone")));
    for (const r of responses) this.cannedSelect.append(el("option", { value: r.id }, r.title));
    this.cannedSelect.value = responses.some((r) => r.id === selected) ? selected : "";
  }

  markClosed(reason: ChatUnassigned["reason"]): void {
    this.closedReason = reason;
    this.banner.textContent = t(departedKeys[reason]);
    this.banner.hidden = false;
    this.closeButton.hidden = false;
    for (const control of [this.input, this.noteToggle, this.sendButton, this.cannedSelect, this.cannedInsert, this.transferButton, this.endButton]) {
      control.disabled = true;
    }
    this.stopTyping();
    this.setPatronTyping(false);
  }

  /** Back in my hands (reassigned, or snapshot says it is still mine). */
  reopen(): void {
    if (!this.closedReason || this.chat.state !== "active") return;
    this.closedReason = null;
    this.banner.hidden = true;
    this.closeButton.hidden = true;
    for (const control of [this.input, this.noteToggle, this.sendButton, this.cannedSelect, this.cannedInsert, this.transferButton, this.endButton]) {
      control.disabled = false;
    }
  }

  isClosed(): boolean {
    return this.closedReason !== null;
  }

  focusInput(): void {
    if (!this.input.disabled) this.input.focus();
  }

  private showMode(): void {
    const note = this.noteToggle.checked;
    this.root.classList.toggle("note-mode", note);
    this.inputLabel.textContent = t(note ? "noteLabel" : "replyLabel");
    this.input.placeholder = t(note ? "notePlaceholder" : "replyPlaceholder");
    this.sendButton.textContent = t(note ? "addNote" : "send");
    if (note) this.stopTyping();
  }

  private typed(): void {
    if (this.noteToggle.checked) return; // writing a note is not "typing" for the patron
    if (this.input.value.trim().length === 0) {
      this.stopTyping();
      return;
    }
    if (!this.typingSent) {
      this.typingSent = true;
      this.actions.typing(this.chat.conversationId, true);
    }
    window.clearTimeout(this.typingTimer);
    this.typingTimer = window.setTimeout(() => this.stopTyping(), typingIdleMs);
  }

  private stopTyping(): void {
    window.clearTimeout(this.typingTimer);
    if (!this.typingSent) return;
    this.typingSent = false;
    this.actions.typing(this.chat.conversationId, false);
  }

  private async submit(): Promise<void> {
    const text = this.input.value.trim();
    if (text.length === 0 || this.sending || this.isClosed()) return;
    const note = this.noteToggle.checked;
    const id = this.pending && this.pending.text === text && this.pending.note === note ? this.pending.id : newClientMessageId();
    this.pending = { id, text, note };
    this.sending = true;
    this.sendButton.disabled = true;
    this.stopTyping();
    try {
      const ack = await this.actions.send(this.chat.conversationId, id, text, note);
      this.pending = null;
      if (this.input.value.trim() === text) this.input.value = "";
      // The server echoes the message as MessageAdded; this covers an echo that arrives late or never.
      this.addMessages([{
        conversationId: this.chat.conversationId,
        seq: ack.seq,
        kind: note ? "note" : "librarian",
        authorName: this.actions.myName(),
        text,
        clientMessageId: id,
        event: null,
        at: new Date().toISOString(),
      }]);
      if (note) {
        this.noteToggle.checked = false;
        this.showMode();
      }
    } catch (error) {
      // A refusal from the server (it has a code) will not change on retry; a lost connection might have stored it.
      if (isRefusal(error)) this.pending = null;
      this.actions.failed(error);
    } finally {
      this.sending = false;
      this.sendButton.disabled = this.isClosed();
      this.focusInput();
    }
  }

  private async insertCanned(): Promise<void> {
    const cannedId = this.cannedSelect.value;
    if (!cannedId) return;
    try {
      const text = await this.actions.renderCanned(this.chat.conversationId, cannedId);
      const start = this.input.selectionStart ?? this.input.value.length;
      const end = this.input.selectionEnd ?? start;
      this.input.setRangeText(text, start, end, "end");
      this.input.focus();
      this.typed();
    } catch (error) {
      this.actions.failed(error);
    }
  }
}
