// One chat the librarian holds: facts about the patron, the transcript (deduplicated by seq),
// the patron-typing line, the composer, and the transfer / end buttons. Panes live as long as
// the chat is open; only the selected one is in the document, so a test id such as reply-input
// is unique on the page at any moment.
import type { CannedResponse, ChatMessage, ChatSummary, ChatUnassigned, SendAck } from "../../shared/protocol";
import { el } from "../dom";
import { t } from "../i18n";
import { MessageLog } from "../message-log";
import { chatFacts, messageElement, stateLabel } from "../render-message";
import type { StringKey } from "../strings";
import { Composer } from "./composer";
import { ProfilePanel } from "./profile-panel";
import { SuggestionsPanel } from "./suggestions-panel";

export interface PaneActions {
  send(conversationId: string, clientMessageId: string, text: string, asNote: boolean): Promise<SendAck>;
  typing(conversationId: string, isTyping: boolean): void;
  renderCanned(conversationId: string, cannedId: string): Promise<string>;
  transfer(conversationId: string): void;
  end(conversationId: string): Promise<void>;
  dismiss(conversationId: string): void;
  /** Turns the chat into a ticket the librarian owns, answered later by email. */
  followUp(conversationId: string, patronEmail: string | null): Promise<void>;
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

/** How long the patron-typing line stays without a fresh TypingChanged (in case "stopped" was lost). */
const typingTimeoutMs = 15000;

export class ChatPane {
  readonly root: HTMLElement;
  readonly log = new MessageLog();
  closedReason: ChatUnassigned["reason"] | null = null;

  private readonly heading: HTMLHeadingElement;
  private readonly sub = el("p", { className: "pane-sub" });
  private readonly facts = el("dl", { className: "facts facts-inline" });
  private readonly banner = el("p", { className: "banner", role: "status", hidden: true });
  private readonly logRegion: HTMLDivElement;
  private readonly list = el("ol", { className: "message-list" });
  private readonly typingLine = el("p", { className: "typing-indicator", "data-testid": "patron-typing", hidden: true });
  private readonly composer: Composer;
  private readonly suggestions: SuggestionsPanel;
  private readonly profile: ProfilePanel;
  private readonly transferButton = el("button", { type: "button", "data-testid": "transfer-button" });
  private readonly followUpButton = el("button", { type: "button", "data-testid": "follow-up-button" });
  private readonly endButton = el("button", { type: "button", className: "danger", "data-testid": "end-chat-button" });
  private readonly closeButton = el("button", { type: "button", className: "quiet", hidden: true });
  private patronTypingTimer: number | undefined;

  constructor(public chat: ChatSummary, private readonly actions: PaneActions) {
    const id = chat.conversationId;
    const prefix = `pane-${id.replace(/[^A-Za-z0-9_-]/g, "_")}`;
    this.root = el("section", { className: "chat-pane", "data-testid": "chat-pane", "data-conversation-id": id, "aria-labelledby": `${prefix}-heading` });
    this.heading = el("h2", { id: `${prefix}-heading`, className: "pane-heading" });

    const actionsBar = el("div", { className: "pane-actions" });
    actionsBar.append(this.transferButton, this.followUpButton, this.endButton, this.closeButton);
    const titles = el("div");
    titles.append(this.heading, this.sub);
    const header = el("div", { className: "pane-header" });
    header.append(titles, actionsBar);

    // role=log on a wrapper, not on the <ol>, so the list keeps its list semantics for screen readers.
    this.logRegion = el("div", { className: "message-log", role: "log", "aria-live": "polite", tabindex: 0 });
    this.logRegion.append(this.list);

    this.composer = new Composer(prefix, {
      send: (clientMessageId, text, asNote) => actions.send(id, clientMessageId, text, asNote),
      typing: (isTyping) => actions.typing(id, isTyping),
      renderCanned: (cannedId) => actions.renderCanned(id, cannedId),
      failed: (error) => actions.failed(error),
      // The server echoes the message as MessageAdded; adding it here covers an echo that comes late or never.
      sent: (ack, clientMessageId, text, kind) =>
        this.addMessages([{ conversationId: id, seq: ack.seq, kind, authorName: actions.myName(), text, clientMessageId, event: null, at: new Date().toISOString() }]),
    });

    this.suggestions = new SuggestionsPanel(prefix, {
      insert: (text) => this.composer.insertText(text),
      failed: (error) => actions.failed(error),
    });
    this.profile = new ProfilePanel(prefix, chat.visitorId ?? null, id, { queueName: actions.queueName, failed: actions.failed });
    const conversation = el("div", { className: "chat-main" });
    conversation.append(header, this.facts, this.banner, this.logRegion, this.typingLine, this.composer.form);
    // Beside the conversation: who the patron is, then the suggested answers.
    const side = el("div", { className: "pane-side" });
    side.append(this.profile.root, this.suggestions.root);
    this.root.append(conversation, side);
    this.transferButton.addEventListener("click", () => actions.transfer(id));
    this.followUpButton.addEventListener("click", () => {
      this.followUpButton.disabled = true;
      void actions.followUp(id, this.chat.patronEmail).finally(() => (this.followUpButton.disabled = false));
    });
    this.endButton.addEventListener("click", () => {
      this.endButton.disabled = true;
      void actions.end(id).finally(() => (this.endButton.disabled = this.isClosed()));
    });
    this.closeButton.addEventListener("click", () => actions.dismiss(id));
    this.relabel();
    // Until the transcript loads, the question the patron opened the chat with is the best query.
    this.suggestions.suggestFor(chat.question);
  }

  /** Sets every fixed text in the current language; called again when the language changes. */
  relabel(): void {
    this.transferButton.textContent = t("transfer");
    this.followUpButton.textContent = t("followUp");
    this.endButton.textContent = t("endChat");
    this.closeButton.textContent = t("closePane");
    this.logRegion.setAttribute("aria-label", t("transcriptLabel"));
    this.typingLine.textContent = t("patronTyping");
    this.composer.relabel();
    this.suggestions.relabel();
    this.profile.relabel();
    if (this.closedReason) this.banner.textContent = t(departedKeys[this.closedReason]);
    this.list.replaceChildren(...this.log.messages.map(messageElement));
    this.update(this.chat);
  }

  update(chat: ChatSummary): void {
    this.chat = chat;
    this.heading.textContent = chat.patronName || t("anonymous");
    this.sub.textContent = `${this.actions.queueName(chat.queueId)} · ${stateLabel(chat.state)}`;
    chatFacts(this.facts, chat, this.actions.queueName(chat.queueId));
    if (chat.state === "closed" || chat.state === "abandoned") this.markClosed("ended");
  }

  /** Adds messages from Open or MessageAdded; a seq already shown is ignored. Returns how many were new. */
  addMessages(messages: readonly ChatMessage[]): number {
    const region = this.logRegion;
    const nearBottom = region.scrollHeight - region.scrollTop - region.clientHeight < 80;
    let added = 0;
    let fromPatron = false;
    for (const message of messages) {
      const index = this.log.add(message);
      if (index < 0) continue;
      added++;
      this.list.insertBefore(messageElement(message), this.list.children[index] ?? null);
      if (message.kind === "patron") {
        this.setPatronTyping(false);
        fromPatron = true;
      }
    }
    if (added > 0 && nearBottom) region.scrollTop = region.scrollHeight;
    if (fromPatron) this.suggestFromLatestPatronMessage();
    return added;
  }

  /** The pane was just put on screen. */
  attached(): void {
    this.suggestions.attached();
    this.profile.attached();
  }

  private suggestFromLatestPatronMessage(): void {
    const messages = this.log.messages;
    for (let i = messages.length - 1; i >= 0; i--) {
      if (messages[i]!.kind === "patron") {
        this.suggestions.suggestFor(messages[i]!.text);
        return;
      }
    }
  }

  setPatronTyping(isTyping: boolean): void {
    window.clearTimeout(this.patronTypingTimer);
    this.typingLine.hidden = !isTyping;
    if (isTyping) this.patronTypingTimer = window.setTimeout(() => (this.typingLine.hidden = true), typingTimeoutMs);
  }

  setCanned(responses: readonly CannedResponse[]): void {
    this.composer.setCanned(responses);
  }

  /** The chat left me (ended, transferred, requeued): keep it readable, disable everything that acts on it. */
  markClosed(reason: ChatUnassigned["reason"]): void {
    this.closedReason = reason;
    this.banner.textContent = t(departedKeys[reason]);
    this.banner.hidden = false;
    this.closeButton.hidden = false;
    this.transferButton.disabled = true;
    this.endButton.disabled = true;
    this.composer.setEnabled(false);
    this.suggestions.setInsertEnabled(false);
    this.profile.setEnabled(false);
    this.setPatronTyping(false);
  }

  /** Back in my hands (reassigned, or the snapshot says it is still mine). */
  reopen(): void {
    if (!this.closedReason || this.chat.state !== "active") return;
    this.closedReason = null;
    this.banner.hidden = true;
    this.closeButton.hidden = true;
    this.transferButton.disabled = false;
    this.endButton.disabled = false;
    this.composer.setEnabled(true);
    this.suggestions.setInsertEnabled(true);
    this.profile.setEnabled(true);
  }

  isClosed(): boolean {
    return this.closedReason !== null;
  }

  focusInput(): void {
    this.composer.focus();
  }
}
