// The librarian's chats: one tab and one pane per chat, the selected pane shown, unread badges
// counted from each pane's log against a read mark. Fed by ChatAssigned / ChatUnassigned /
// ChatUpdated / MessageAdded / TypingChanged and, after every (re)connect, by the snapshot.
import type { CannedResponse, ChatMessage, ChatSummary, ChatUnassigned, StaffResumeResult, TypingEvent } from "../../shared/protocol";
import { byId, el } from "../dom";
import { t } from "../i18n";
import { ReadMarks } from "../reads";
import { ChatPane, type PaneActions } from "./chat-pane";
import { preview } from "./queue-view";

export class ChatsView {
  private readonly panes = new Map<string, ChatPane>();
  private readonly opening = new Set<string>();
  private readonly reads = new ReadMarks();
  private readonly tabs = byId<HTMLUListElement>("chat-tabs");
  private readonly host = byId("chat-host");
  private readonly empty = byId("pane-empty");
  private selectedId: string | null = null;
  private canned: readonly CannedResponse[] = [];

  constructor(
    private readonly actions: PaneActions,
    private readonly open: (conversationId: string, afterSeq: number) => Promise<StaffResumeResult>,
    private readonly onError: (error: unknown) => void,
  ) {
    document.addEventListener("visibilitychange", () => this.markSelectedRead());
    window.addEventListener("focus", () => this.markSelectedRead());
  }

  /** After (re)connecting: the snapshot's "mine" is the truth; re-open every live pane from its last seq. */
  async sync(mine: ChatSummary[]): Promise<void> {
    const ids = new Set(mine.map((c) => c.conversationId));
    for (const [id, pane] of this.panes) if (!ids.has(id) && !pane.isClosed()) pane.markClosed("requeued");
    for (const chat of mine) this.ensurePane(chat).reopen();
    await Promise.all(mine.map((chat) => this.load(chat.conversationId)));
    if (!this.selectedId && mine.length > 0) this.select(mine[0]!.conversationId, false);
    this.renderTabs();
  }

  assigned(chat: ChatSummary, select: boolean): void {
    const pane = this.ensurePane(chat);
    pane.update(chat);
    pane.reopen();
    void this.load(chat.conversationId);
    if (select || !this.selectedId) this.select(chat.conversationId, select);
    this.renderTabs();
  }

  /** True while the chat has a pane that is still live (not ended or handed on). */
  holds(conversationId: string): boolean {
    const pane = this.panes.get(conversationId);
    return pane !== undefined && !pane.isClosed();
  }

  unassigned(info: ChatUnassigned): void {
    this.panes.get(info.conversationId)?.markClosed(info.reason);
    this.renderTabs();
  }

  updated(chat: ChatSummary): void {
    this.panes.get(chat.conversationId)?.update(chat);
    this.renderTabs();
  }

  messageAdded(message: ChatMessage): void {
    const pane = this.panes.get(message.conversationId);
    if (!pane || pane.addMessages([message]) === 0) return;
    this.markSelectedRead();
    this.renderTabs();
  }

  typing(event: TypingEvent): void {
    if (event.from === "patron") this.panes.get(event.conversationId)?.setPatronTyping(event.isTyping);
  }

  setCanned(responses: readonly CannedResponse[]): void {
    this.canned = responses;
    for (const pane of this.panes.values()) pane.setCanned(responses);
  }

  dismiss(conversationId: string): void {
    const pane = this.panes.get(conversationId);
    if (!pane) return;
    pane.root.remove();
    this.panes.delete(conversationId);
    this.reads.forget(conversationId);
    if (this.selectedId === conversationId) {
      this.selectedId = null;
      const next = this.panes.keys().next();
      if (!next.done) this.select(next.value, false);
    }
    this.renderTabs();
    if (!this.selectedId) this.host.focus();
  }

  select(conversationId: string, focus: boolean): void {
    const pane = this.panes.get(conversationId);
    if (!pane) return;
    if (this.selectedId && this.selectedId !== conversationId) this.panes.get(this.selectedId)?.root.remove();
    this.selectedId = conversationId;
    if (pane.root.parentElement !== this.host) {
      this.host.append(pane.root);
      pane.attached();
    }
    this.empty.hidden = true;
    this.markSelectedRead();
    this.renderTabs();
    if (focus) pane.focusInput();
  }

  /** Redraw every pane and tab in the current language (drafts in the reply boxes are kept). */
  refresh(): void {
    for (const pane of this.panes.values()) pane.relabel();
    this.renderTabs();
  }

  private ensurePane(chat: ChatSummary): ChatPane {
    let pane = this.panes.get(chat.conversationId);
    if (!pane) {
      pane = new ChatPane(chat, this.actions);
      pane.setCanned(this.canned);
      this.panes.set(chat.conversationId, pane);
    } else {
      pane.update(chat);
    }
    return pane;
  }

  private async load(conversationId: string): Promise<void> {
    const pane = this.panes.get(conversationId);
    if (!pane || this.opening.has(conversationId)) return;
    this.opening.add(conversationId);
    try {
      const result = await this.open(conversationId, pane.log.lastSeq);
      pane.update(result.chat);
      pane.addMessages(result.messages);
      // A chat opened for the first time counts as read up to what was there before it was taken.
      if (!this.reads.has(conversationId)) this.reads.markRead(conversationId, pane.log.lastSeq);
      this.markSelectedRead();
      this.renderTabs();
    } catch (error) {
      this.onError(error);
    } finally {
      this.opening.delete(conversationId);
    }
  }

  private markSelectedRead(): void {
    if (!this.selectedId || document.visibilityState !== "visible") return;
    const pane = this.panes.get(this.selectedId);
    if (pane) this.reads.markRead(this.selectedId, pane.log.lastSeq);
    this.renderTabs();
  }

  private renderTabs(): void {
    const focusedId = (document.activeElement as HTMLElement | null)?.dataset.conversationId;
    const hadFocus = this.tabs.contains(document.activeElement);
    this.tabs.replaceChildren();
    for (const [id, pane] of this.panes) {
      const unread = id === this.selectedId ? 0 : this.reads.unreadIn(id, pane.log);
      const button = el("button", {
        type: "button",
        className: "chat-tab",
        "data-testid": "chat-tab",
        "data-conversation-id": id,
        "aria-current": id === this.selectedId ? "true" : null,
        "data-closed": pane.isClosed() ? "true" : null,
      });
      button.append(
        el("span", { className: "tab-name" }, pane.chat.patronName || t("anonymous")),
        el("span", { className: "tab-preview" }, preview(pane.chat.question, 40)),
      );
      if (pane.isClosed()) button.append(el("span", { className: "tab-tag" }, t("chatEndedTag")));
      if (unread > 0) {
        button.append(
          el("span", { className: "unread-badge", "data-testid": "unread-badge", "aria-hidden": "true" }, String(unread)),
          el("span", { className: "visually-hidden" }, t("unreadLabel", { count: unread })),
        );
      }
      button.addEventListener("click", () => this.select(id, true));
      const item = el("li");
      item.append(button);
      this.tabs.append(item);
    }
    byId("chat-tabs-empty").hidden = this.panes.size > 0;
    this.empty.hidden = this.selectedId !== null;
    if (hadFocus && focusedId) {
      this.tabs.querySelector<HTMLButtonElement>(`[data-conversation-id="${CSS.escape(focusedId)}"]`)?.focus();
    }
  }
}
