// Messages the patron sent that the server has not acknowledged yet. Kept in sessionStorage so a
// page navigation or a dropped connection loses nothing; sent strictly in order, one at a time,
// always with their original clientMessageId so a message whose ack was lost is not stored twice.
import type { ErrorCode, SendAck } from "../shared/protocol";
import { store, type OutboxItem } from "./store";

export interface OutboxEvents {
  acknowledged(clientMessageId: string, seq: number): void;
  failed(clientMessageId: string, code: ErrorCode | null): void;
}

const retryLaterMs = 3000;

export class Outbox {
  private items: OutboxItem[] = store.outbox();
  private flushing = false;

  constructor(
    private readonly sendOne: (item: OutboxItem) => Promise<SendAck>,
    private readonly connected: () => boolean,
    /** The server's refusal code, or null when the call failed because the connection dropped. */
    private readonly refusalCode: (error: unknown) => ErrorCode | null,
    private readonly events: OutboxEvents,
  ) {}

  add(item: OutboxItem): void {
    this.items.push(item);
    this.save();
  }

  of(conversationId: string | undefined): OutboxItem[] {
    return this.items.filter((item) => item.conversationId === conversationId);
  }

  /** The server has the message (its MessageAdded arrived): no need to send it again. */
  drop(clientMessageId: string): void {
    const before = this.items.length;
    this.items = this.items.filter((item) => item.clientMessageId !== clientMessageId);
    if (this.items.length !== before) this.save();
  }

  dropConversation(conversationId: string): void {
    this.items = this.items.filter((item) => item.conversationId !== conversationId);
    this.save();
  }

  /** Sends in order; stops at the first dropped connection and waits for the next flush. */
  async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.items.length > 0 && this.connected()) {
        const item = this.items[0]!;
        try {
          const ack = await this.sendOne(item);
          this.drop(item.clientMessageId);
          this.events.acknowledged(item.clientMessageId, ack.seq);
        } catch (error) {
          const code = this.refusalCode(error);
          if (code === null) break; // connection lost: keep it, send after reconnecting
          if (code === "rate_limited" || code === "internal_error") {
            // Worth another try later; the clientMessageId keeps a retry from storing it twice.
            setTimeout(() => void this.flush(), retryLaterMs);
            break;
          }
          this.drop(item.clientMessageId); // refused for good (e.g. the chat was closed meanwhile)
          this.events.failed(item.clientMessageId, code);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private save(): void {
    store.setOutbox(this.items);
  }
}
