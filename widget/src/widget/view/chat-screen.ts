// A conversation in progress (or just ended): where the patron is in the queue or who is
// answering, the messages, "… is typing", the message box, and End chat.
import type { ChatState, TypingEvent } from "../../shared/protocol";
import { field, h, show } from "../dom";
import { waitMinutes, type Texts } from "../i18n";
import { EndedSection, type EndedHandlers } from "./ended-section";
import { MessageList } from "./message-list";

export interface ChatHandlers extends EndedHandlers {
  send(text: string): void;
  typed(): void;
  end(): Promise<void>;
}

const typingTimeoutMs = 30_000;

export class ChatScreen {
  readonly element: HTMLElement;
  readonly messages: MessageList;
  readonly ended: EndedSection;
  private readonly status = h("p", { class: "status", "data-testid": "status", role: "status" });
  private readonly typing = h("p", { class: "typing", "data-testid": "typing-indicator", "aria-live": "polite" });
  private readonly input = h("textarea", { "data-testid": "message-input", rows: 2, maxlength: 4000 });
  private readonly composer: HTMLFormElement;
  private readonly endButton: HTMLButtonElement;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly t: Texts, handlers: ChatHandlers) {
    this.messages = new MessageList(t);
    this.ended = new EndedSection(t, handlers);
    const sendButton = h("button", { type: "submit", class: "primary", "data-testid": "send-button", text: t.send });
    this.composer = h("form", { class: "composer" }, field(t.messageLabel, this.input), sendButton);
    const submit = (): void => {
      const text = this.input.value.trim();
      if (!text) return;
      handlers.send(text);
      this.input.value = "";
      this.input.focus();
    };
    this.composer.addEventListener("submit", (event) => {
      event.preventDefault();
      submit();
    });
    this.input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        submit();
      }
    });
    this.input.addEventListener("input", () => handlers.typed());
    this.endButton = h("button", { type: "button", class: "secondary", "data-testid": "end-button", text: t.end });
    this.endButton.addEventListener("click", async () => {
      this.endButton.disabled = true;
      try {
        await handlers.end();
      } finally {
        this.endButton.disabled = false;
      }
    });
    show(this.typing, false);
    this.element = h("section", { class: "screen chat" },
      h("div", { class: "chat-bar" }, this.status, this.endButton),
      this.messages.element,
      this.typing,
      this.composer,
      this.ended.element);
  }

  update(chat: ChatState, email: string | null | undefined): void {
    const open = chat.state === "waiting" || chat.state === "active";
    show(this.composer, open);
    show(this.endButton, open);
    show(this.ended.element, !open);
    if (!open) this.showTyping(null);
    if (!open) this.ended.update(chat, email);
    this.status.textContent = this.statusText(chat);
  }

  private statusText(chat: ChatState): string {
    if (chat.state === "active") return chat.librarianName ? this.t.talkingTo(chat.librarianName) : "";
    if (chat.state !== "waiting") return this.t.ended;
    const parts = [this.t.waiting];
    if (chat.position) parts.push(this.t.position(chat.position));
    if (chat.estimatedWaitSeconds) parts.push(this.t.estimatedWait(waitMinutes(chat.estimatedWaitSeconds)));
    return parts.join(" ");
  }

  /** Shows or hides "… is typing"; hides itself if the stop was lost. */
  showTyping(event: TypingEvent | null): void {
    clearTimeout(this.typingTimer);
    const on = !!event?.isTyping;
    this.typing.textContent = on ? this.t.typing(event!.name) : "";
    show(this.typing, on);
    if (on) this.typingTimer = setTimeout(() => this.showTyping(null), typingTimeoutMs);
  }

  focus(): void {
    if (!this.composer.hidden) this.input.focus();
    else this.ended.focus();
  }
}
