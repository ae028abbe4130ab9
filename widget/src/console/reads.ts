// How far the librarian has read each chat, so unread badges are counted from the log rather
// than incremented per event (a message delivered twice can never count twice). Kept in
// sessionStorage so a page reload does not mark everything unread again.
import type { MessageLog } from "./message-log";

const storageKey = "asklibrary.console.readSeq";

export class ReadMarks {
  private readonly readSeq = new Map<string, number>(load());

  has(conversationId: string): boolean {
    return this.readSeq.has(conversationId);
  }

  markRead(conversationId: string, seq: number): void {
    if ((this.readSeq.get(conversationId) ?? -1) >= seq) return;
    this.readSeq.set(conversationId, seq);
    this.save();
  }

  /** Patron messages after the read mark; librarian, system and note messages are not "unread". */
  unreadIn(conversationId: string, log: MessageLog): number {
    const after = this.readSeq.get(conversationId) ?? 0;
    let count = 0;
    for (const m of log.messages) if (m.seq > after && m.kind === "patron") count++;
    return count;
  }

  forget(conversationId: string): void {
    if (this.readSeq.delete(conversationId)) this.save();
  }

  private save(): void {
    try {
      sessionStorage.setItem(storageKey, JSON.stringify([...this.readSeq]));
    } catch {
      // Without storage the marks simply last as long as the page.
    }
  }
}

function load(): [string, number][] {
  try {
    const raw = sessionStorage.getItem(storageKey);
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed)
      ? parsed.filter((e): e is [string, number] => Array.isArray(e) && typeof e[0] === "string" && typeof e[1] === "number")
      : [];
  } catch {
    return [];
  }
}
