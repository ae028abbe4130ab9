// The conversation as a live log. Messages are ordered by seq; the patron's own unsent
// messages wait at the end as "sending" until their acknowledgement gives them a seq.
// Text is set with textContent only.
import type { ChatMessage, ErrorCode } from "../../shared/protocol";
import { h } from "../dom";
import type { Texts } from "../i18n";
import type { OutboxItem } from "../store";

export class MessageList {
  readonly element: HTMLElement;
  private readonly pending = new Map<string, HTMLElement>();

  constructor(private readonly t: Texts) {
    this.element = h("div", {
      class: "messages", role: "log", "aria-live": "polite", "aria-label": t.messageLog, "data-testid": "message-list", tabindex: 0,
    });
  }

  add(message: ChatMessage): void {
    const existing = message.clientMessageId ? this.pending.get(message.clientMessageId) : undefined;
    if (existing) {
      this.confirm(message.clientMessageId!, message.seq);
      return;
    }
    const author = message.kind === "patron" ? this.t.you : message.kind === "librarian" ? message.authorName ?? this.t.librarian : null;
    const item = this.item(message.kind, author, message.text, message.at);
    item.dataset.seq = String(message.seq);
    if (message.event) item.dataset.event = message.event;
    this.insertInOrder(item, message.seq);
  }

  addPending(outbox: OutboxItem): void {
    if (this.pending.has(outbox.clientMessageId)) return;
    const item = this.item("patron", this.t.you, outbox.text, null);
    item.classList.add("sending");
    item.append(h("span", { class: "state", text: this.t.sending }));
    this.pending.set(outbox.clientMessageId, item);
    this.element.append(item);
    this.scroll();
  }

  confirm(clientMessageId: string, seq: number): void {
    const item = this.pending.get(clientMessageId);
    if (!item) return;
    this.pending.delete(clientMessageId);
    item.classList.remove("sending");
    item.querySelector(".state")?.remove();
    item.dataset.seq = String(seq);
    item.remove();
    this.insertInOrder(item, seq);
  }

  fail(clientMessageId: string, _code: ErrorCode | null): void {
    const item = this.pending.get(clientMessageId);
    if (!item) return;
    this.pending.delete(clientMessageId);
    item.classList.replace("sending", "failed");
    const state = item.querySelector(".state");
    if (state) state.textContent = this.t.failed;
  }

  clear(): void {
    this.pending.clear();
    this.element.replaceChildren();
  }

  private item(kind: string, author: string | null, text: string, at: string | null): HTMLElement {
    const time = at ? new Date(at) : new Date();
    return h("div", { class: `message ${kind}`, "data-testid": "message", "data-kind": kind },
      author ? h("span", { class: "author", text: author }) : null,
      h("p", { class: "text", text }),
      h("time", { datetime: time.toISOString(), text: time.toLocaleTimeString(this.t.locale, { hour: "2-digit", minute: "2-digit" }) }));
  }

  private insertInOrder(item: HTMLElement, seq: number): void {
    let before: Element | null = null;
    for (const child of Array.from(this.element.children) as HTMLElement[]) {
      const childSeq = child.dataset.seq ? Number(child.dataset.seq) : Infinity; // unsent ones sort last
      if (childSeq > seq) {
        before = child;
        break;
      }
    }
    this.element.insertBefore(item, before);
    this.scroll();
  }

  private scroll(): void {
    this.element.scrollTop = this.element.scrollHeight;
  }
}
