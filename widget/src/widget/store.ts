// What survives a page navigation: the visitor (localStorage, so other tabs and the pop-out window
// share it), the current conversation and the highest seq shown, and the outbox of messages typed
// while disconnected (sessionStorage: one tab's unsent messages are that tab's business).
// Storage can be unavailable (privacy modes, blocked third-party storage); the widget then still
// works for the life of the page.
import type { VisitorSession } from "../shared/protocol";

const prefix = "asklibrary.";

export interface StoredChat {
  conversationId: string;
  lastSeq: number;
}

export interface OutboxItem {
  conversationId: string;
  clientMessageId: string;
  text: string;
}

function read<T>(storage: () => Storage, key: string): T | null {
  try {
    const raw = storage().getItem(prefix + key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null; // unavailable or corrupt storage reads as empty
  }
}

function write(storage: () => Storage, key: string, value: unknown): void {
  try {
    if (value === null) storage().removeItem(prefix + key);
    else storage().setItem(prefix + key, JSON.stringify(value));
  } catch {
    // Quota or privacy mode: keep working from memory for this page.
  }
}

const local = (): Storage => window.localStorage;
const session = (): Storage => window.sessionStorage;

export const store = {
  visitor: (): VisitorSession | null => {
    const v = read<VisitorSession>(local, "visitor");
    return v && typeof v.visitorId === "string" && typeof v.token === "string" ? v : null;
  },
  setVisitor: (visitor: VisitorSession | null): void => write(local, "visitor", visitor),

  chat: (): StoredChat | null => {
    const c = read<StoredChat>(local, "chat");
    return c && typeof c.conversationId === "string" ? { conversationId: c.conversationId, lastSeq: Number(c.lastSeq) || 0 } : null;
  },
  setChat: (chat: StoredChat | null): void => write(local, "chat", chat),

  outbox: (): OutboxItem[] => {
    const items = read<OutboxItem[]>(session, "outbox");
    return Array.isArray(items) ? items : [];
  },
  setOutbox: (items: OutboxItem[]): void => write(session, "outbox", items.length > 0 ? items : null),
};

/** Ids that make retries idempotent: 1–64 of [A-Za-z0-9_-]. */
export function newClientId(prefixLetter: string): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return prefixLetter + "_" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
