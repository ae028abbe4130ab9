// The patron's side of a conversation, without any DOM: queue status, the current chat, which
// messages have been shown (dedupe by seq), the outbox, typing, and the calls behind every
// button. The view listens; the public API listens too.
import {
  PatronClientEvents as Events,
  PatronHubMethods as Methods,
  errorCodeOf,
  type ChatMessage,
  type ChatState,
  type ErrorCode,
  type OfflineQuestionReceipt,
  type PatronDetails,
  type QueueStatus,
  type ResumeResult,
  type SendAck,
  type StartChatRequest,
  type TypingEvent,
} from "../shared/protocol";
import type { Language } from "./config";
import { PatronLink, type LinkState } from "./connection";
import { Outbox } from "./outbox";
import { newClientId, store, type OutboxItem } from "./store";
import { TypingNotifier } from "./typing";

export interface SessionListener {
  link(state: LinkState): void;
  queue(status: QueueStatus): void;
  /** The current conversation changed state, or is gone (null). */
  chat(chat: ChatState | null, previous: ChatState | null): void;
  /** A message not shown before. */
  message(message: ChatMessage): void;
  /** The patron sent a message; shown as "sending" until acknowledged. */
  pending(item: OutboxItem): void;
  acknowledged(clientMessageId: string, seq: number): void;
  failed(clientMessageId: string, code: ErrorCode | null): void;
  typing(event: TypingEvent): void;
  /** StartChat succeeded; its messages follow. */
  started(chat: ChatState): void;
  /** A different conversation is shown from now on: clear the message list. */
  reset(): void;
}

/** A hub refusal ("HubException: code: text") as opposed to a dropped connection. */
export function refusalCode(error: unknown): ErrorCode | null {
  return error instanceof Error && error.message.includes("HubException") ? errorCodeOf(error) : null;
}

const isOpen = (chat: ChatState | null): boolean => chat?.state === "waiting" || chat?.state === "active";

export class ChatSession {
  readonly link: PatronLink;
  status: QueueStatus | null = null;
  chat: ChatState | null = null;
  private shown = new Set<number>();
  /** Highest seq received from the server's message stream: where Resume continues. */
  private resumeFrom = 0;
  private readonly outbox: Outbox;
  private readonly typing: TypingNotifier;
  private firstSync = true;
  private patron: PatronDetails | null = null;
  private patronUnsent = false;
  private startId: { question: string; id: string } | null = null;
  private offlineId: string | null = null;
  /** While StartChat runs, its own first message must not look like another tab's new chat. */
  private starting = false;

  constructor(
    serverOrigin: string,
    private readonly queueId: string,
    private readonly language: Language,
    private readonly listener: SessionListener,
  ) {
    this.link = new PatronLink(serverOrigin, (state) => listener.link(state), () => void this.sync());
    const link = this.link;
    this.outbox = new Outbox(
      (item) => link.invoke<SendAck>(Methods.sendMessage, item.conversationId, item.clientMessageId, item.text),
      () => link.connected,
      refusalCode,
      {
        acknowledged: (clientMessageId, seq) => {
          this.shown.add(seq);
          listener.acknowledged(clientMessageId, seq);
        },
        failed: (clientMessageId, code) => listener.failed(clientMessageId, code),
      },
    );
    this.typing = new TypingNotifier((id, isTyping) =>
      link.connected ? link.invoke(Methods.setTyping, id, isTyping) : Promise.resolve());
    const hub = link.hub;
    hub.on(Events.messageAdded, (m: ChatMessage) => this.receive(m));
    hub.on(Events.chatUpdated, (c: ChatState) => this.updated(c));
    hub.on(Events.typingChanged, (t: TypingEvent) => {
      if (t.from === "librarian" && t.conversationId === this.chat?.conversationId) listener.typing(t);
    });
    hub.on(Events.queueStatusChanged, (s: QueueStatus) => {
      if (s.queueId === this.queueId) this.setStatus(s);
    });
  }

  start(): void {
    this.listener.link("connecting");
    void this.link.start();
  }

  get conversationId(): string | null {
    return this.chat?.conversationId ?? store.chat()?.conversationId ?? null;
  }

  /** After every (re)connect: queue status, the current chat, missed messages, then the outbox. */
  private async sync(): Promise<void> {
    try {
      await this.refreshStatus();
      const current = await this.link.invoke<ChatState | null>(Methods.getCurrentChat);
      const id = current?.conversationId ?? this.conversationId;
      if (id) await this.resume(id);
      // A finished and rated chat from an earlier visit is not worth showing again.
      if (this.firstSync && !current && this.chat && !isOpen(this.chat) && this.chat.rated) this.forget();
      this.firstSync = false;
      if (this.patronUnsent && this.patron) {
        await this.link.invoke(Methods.setPatronDetails, this.patron);
        this.patronUnsent = false;
      }
    } catch (error) {
      if (refusalCode(error) === null) return; // connection dropped again; the next reconnect syncs
      console.warn("AskLibrary: sync failed", error);
    }
    void this.outbox.flush();
  }

  private async refreshStatus(): Promise<void> {
    try {
      this.setStatus(await this.link.invoke<QueueStatus>(Methods.getQueueStatus, this.queueId));
    } catch (error) {
      if (refusalCode(error) === null) throw error;
      // An unknown queue id is the host page's mistake; the current chat must still resume.
      console.error(`AskLibrary: queue "${this.queueId}" is not available`, error);
    }
  }

  private async resume(conversationId: string): Promise<void> {
    if (conversationId !== this.chat?.conversationId && this.chat) this.forget();
    let result: ResumeResult;
    try {
      result = await this.link.invoke<ResumeResult>(Methods.resume, conversationId, this.resumeFrom);
    } catch (error) {
      const code = refusalCode(error);
      if (code === "not_found" || code === "invalid_argument") {
        this.forget(); // another visitor's, or expired: start afresh
        return;
      }
      throw error;
    }
    for (const message of result.messages) this.receive(message);
    this.setChat(result.chat);
  }

  private receive(message: ChatMessage): void {
    if (message.conversationId !== this.conversationId) {
      // Another tab of this visitor started a chat while this one had none open: follow it.
      if (!isOpen(this.chat) && !this.starting && this.link.connected) void this.resume(message.conversationId).catch(() => undefined);
      return;
    }
    if (message.kind === "note") return; // never sent to patrons; belt and braces
    this.resumeFrom = Math.max(this.resumeFrom, message.seq);
    this.remember();
    if (this.shown.has(message.seq)) return;
    this.shown.add(message.seq);
    if (message.clientMessageId) this.outbox.drop(message.clientMessageId);
    this.listener.message(message);
  }

  private updated(chat: ChatState): void {
    if (chat.conversationId === this.conversationId) this.setChat(chat);
    else if (!isOpen(this.chat) && !this.starting && isOpen(chat)) void this.resume(chat.conversationId).catch(() => undefined);
  }

  private setChat(chat: ChatState): void {
    const previous = this.chat;
    this.chat = chat;
    this.remember();
    if (!isOpen(chat)) this.typing.stop();
    this.listener.chat(chat, previous);
  }

  private setStatus(status: QueueStatus): void {
    this.status = status;
    this.listener.queue(status);
  }

  private remember(): void {
    if (this.chat) store.setChat({ conversationId: this.chat.conversationId, lastSeq: this.resumeFrom });
  }

  /** Leaves the current (ended or unknown) conversation behind; the next question starts a new one. */
  forget(): void {
    const previous = this.chat;
    this.chat = null;
    this.shown.clear();
    this.resumeFrom = 0;
    store.setChat(null);
    if (previous) this.outbox.dropConversation(previous.conversationId);
    this.listener.reset();
    this.listener.chat(null, previous);
  }

  async startChat(question: string, details: PatronDetails): Promise<ChatState | "offline"> {
    this.starting = true;
    try {
      return await this.startChatOnce(question, details);
    } finally {
      this.starting = false;
    }
  }

  private async startChatOnce(question: string, details: PatronDetails): Promise<ChatState | "offline"> {
    // The same question keeps the same id, so retrying after a lost answer cannot start two chats.
    if (this.startId?.question !== question) this.startId = { question, id: newClientId("q") };
    const patron = { ...this.patron, ...withoutBlanks(details) };
    const request: StartChatRequest = { queueId: this.queueId, question, clientMessageId: this.startId.id, patron, language: this.language };
    let chat: ChatState;
    try {
      chat = await this.link.invoke<ChatState>(Methods.startChat, request);
    } catch (error) {
      const code = refusalCode(error);
      if (code === "queue_offline") {
        await this.refreshStatus();
        if (this.status?.online) this.setStatus({ ...this.status, online: false, availability: "nobody_available" });
        return "offline";
      }
      if (code !== "conversation_open") throw error;
      const current = await this.link.invoke<ChatState | null>(Methods.getCurrentChat);
      if (!current) throw error;
      chat = current;
    }
    this.startId = null;
    if (this.chat) this.forget();
    this.chat = chat;
    this.listener.started(chat);
    await this.resume(chat.conversationId);
    return chat;
  }

  send(text: string): void {
    const conversationId = this.chat?.conversationId;
    if (!conversationId) return;
    this.typing.stop();
    const item: OutboxItem = { conversationId, clientMessageId: newClientId("m"), text };
    this.outbox.add(item);
    this.listener.pending(item);
    void this.outbox.flush();
  }

  /** Unsent messages of the current conversation, to show again after a page load. */
  unsent(): OutboxItem[] {
    return this.outbox.of(this.chat?.conversationId);
  }

  /** Called on every keystroke in the message box. */
  typed(): void {
    if (this.chat?.state === "active") this.typing.typed(this.chat.conversationId);
  }

  async endChat(): Promise<void> {
    const id = this.chat?.conversationId;
    if (!id) return;
    this.typing.stop();
    this.setChat(await this.link.invoke<ChatState>(Methods.endChat, id));
  }

  async rate(score: number, comment: string): Promise<void> {
    const chat = this.chat;
    if (!chat) return;
    await this.link.invoke(Methods.rateChat, chat.conversationId, score, comment.trim() || null);
    this.setChat({ ...chat, rated: true });
  }

  async requestTranscript(email: string): Promise<void> {
    if (this.chat) await this.link.invoke(Methods.requestTranscript, this.chat.conversationId, email);
  }

  async leaveQuestion(question: string, email: string, name: string): Promise<OfflineQuestionReceipt> {
    this.offlineId ??= newClientId("o");
    const receipt = await this.link.invoke<OfflineQuestionReceipt>(Methods.leaveQuestion, {
      queueId: this.queueId, question, email, name: name || null, clientRequestId: this.offlineId,
    });
    this.offlineId = null;
    return receipt;
  }

  /** Remembered for the next chat; sent now when connected, else after connecting. */
  setPatron(details: PatronDetails): void {
    this.patron = { ...this.patron, ...withoutBlanks(details) };
    this.patronUnsent = true;
    if (!this.link.connected) return;
    this.link.invoke(Methods.setPatronDetails, this.patron).then(
      () => (this.patronUnsent = false),
      (error) => console.warn("AskLibrary: could not save patron details", error),
    );
  }

  get patronDetails(): PatronDetails {
    return { ...this.patron };
  }
}

function withoutBlanks(details: PatronDetails): PatronDetails {
  const result: PatronDetails = {};
  for (const key of ["name", "email", "cardNumber"] as const) {
    const value = details[key]?.trim();
    if (value) result[key] = value;
  }
  return result;
}
