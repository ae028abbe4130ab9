// The console's SignalR connection to /hubs/staff. The staff cookie authenticates it. It never
// gives up: automatic reconnect retries forever with a capped back-off, and every (re)connection
// runs `onConnected` so the caller can re-read the snapshot and re-open its chats — the server
// forgets a connection's groups when it drops.
import {
  HttpError,
  HubConnection,
  HubConnectionBuilder,
  LogLevel,
  type RetryContext,
} from "@microsoft/signalr";
import {
  StaffClientEvents,
  StaffHubMethods,
  StaffHubPath,
  type ChatMessage,
  type ChatSummary,
  type ChatUnassigned,
  type LibrarianPresence,
  type QueueView,
  type SendAck,
  type StaffResumeResult,
  type StaffSnapshot,
  type TransferRequest,
  type TypingEvent,
} from "../shared/protocol";
import { loginUrl } from "./api";

export type ConnectionStatus = "connecting" | "connected" | "reconnecting" | "forbidden";

export interface StaffEventHandlers {
  queueChanged(queue: QueueView): void;
  chatAssigned(chat: ChatSummary): void;
  chatUnassigned(info: ChatUnassigned): void;
  chatUpdated(chat: ChatSummary): void;
  messageAdded(message: ChatMessage): void;
  typingChanged(typing: TypingEvent): void;
  presenceChanged(changed: LibrarianPresence[]): void;
}

const retryDelaysMs = [0, 2000, 5000, 10000];
const maxRetryDelayMs = 15000;

/**
 * The HTTP status behind a failed (re)connection. A refused negotiate surfaces as
 * FailedToNegotiateWithServerError whose message carries "Status code '401'", not as an HttpError.
 */
function httpStatusOf(error: unknown): number | null {
  if (error instanceof HttpError) return error.statusCode;
  const match = /Status code '(\d{3})'/.exec(error instanceof Error ? error.message : String(error));
  return match ? Number(match[1]) : null;
}

/** The cookie is gone or expired: sign in again. */
function isUnauthorized(error: unknown): boolean {
  return httpStatusOf(error) === 401;
}

/** Signed in, but with a role that has no chat access (an editor): retrying will not help. */
function isForbidden(error: unknown): boolean {
  return httpStatusOf(error) === 403;
}

function retryDelay(attempt: number): number {
  const base = retryDelaysMs[attempt] ?? maxRetryDelayMs;
  // A little jitter so a room full of consoles does not reconnect in lockstep after a restart.
  return base === 0 ? 0 : base + Math.floor(Math.random() * 1000);
}

export class StaffHub {
  private readonly connection: HubConnection;
  private starting = false;
  private forbidden = false;

  constructor(
    handlers: StaffEventHandlers,
    private readonly onStatus: (status: ConnectionStatus) => void,
    private readonly onConnected: () => Promise<void>,
  ) {
    this.connection = new HubConnectionBuilder()
      .withUrl(StaffHubPath)
      .withAutomaticReconnect({
        nextRetryDelayInMilliseconds: (context: RetryContext) => {
          if (isUnauthorized(context.retryReason)) {
            window.location.assign(loginUrl);
            return null;
          }
          if (isForbidden(context.retryReason)) {
            this.forbidden = true;
            this.onStatus("forbidden");
            return null;
          }
          return retryDelay(context.previousRetryCount);
        },
      })
      .configureLogging(LogLevel.Warning)
      .build();

    const c = this.connection;
    c.on(StaffClientEvents.queueChanged, (q: QueueView) => handlers.queueChanged(q));
    c.on(StaffClientEvents.chatAssigned, (chat: ChatSummary) => handlers.chatAssigned(chat));
    c.on(StaffClientEvents.chatUnassigned, (info: ChatUnassigned) => handlers.chatUnassigned(info));
    c.on(StaffClientEvents.chatUpdated, (chat: ChatSummary) => handlers.chatUpdated(chat));
    c.on(StaffClientEvents.messageAdded, (m: ChatMessage) => handlers.messageAdded(m));
    c.on(StaffClientEvents.typingChanged, (typing: TypingEvent) => handlers.typingChanged(typing));
    c.on(StaffClientEvents.presenceChanged, (changed: LibrarianPresence[]) => handlers.presenceChanged(changed));

    c.onreconnecting(() => this.onStatus("reconnecting"));
    c.onreconnected(() => void this.connected());
    // Only reached when the server refuses reconnection; start over from scratch.
    c.onclose(() => {
      if (!this.forbidden) void this.start();
    });
  }

  /** Connects, retrying until it succeeds (or the cookie turns out to be gone). */
  async start(): Promise<void> {
    if (this.starting) return;
    this.starting = true;
    this.onStatus("connecting");
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          await this.connection.start();
          break;
        } catch (error) {
          if (isUnauthorized(error)) {
            window.location.assign(loginUrl);
            return;
          }
          if (isForbidden(error)) {
            this.forbidden = true;
            this.onStatus("forbidden");
            return;
          }
          console.warn("Staff hub connection failed, retrying", error);
          await new Promise((resolve) => setTimeout(resolve, Math.max(1000, retryDelay(attempt))));
        }
      }
    } finally {
      this.starting = false;
    }
    await this.connected();
  }

  private async connected(): Promise<void> {
    this.onStatus("connected");
    try {
      await this.onConnected();
    } catch (error) {
      console.error("Could not restore the console after connecting", error);
    }
  }

  getSnapshot(): Promise<StaffSnapshot> {
    return this.connection.invoke<StaffSnapshot>(StaffHubMethods.getSnapshot);
  }
  setPresence(presence: "available" | "away"): Promise<LibrarianPresence> {
    return this.connection.invoke<LibrarianPresence>(StaffHubMethods.setPresence, presence);
  }
  accept(conversationId: string): Promise<ChatSummary> {
    return this.connection.invoke<ChatSummary>(StaffHubMethods.accept, conversationId);
  }
  open(conversationId: string, afterSeq: number): Promise<StaffResumeResult> {
    return this.connection.invoke<StaffResumeResult>(StaffHubMethods.open, conversationId, afterSeq);
  }
  sendMessage(conversationId: string, clientMessageId: string, text: string): Promise<SendAck> {
    return this.connection.invoke<SendAck>(StaffHubMethods.sendMessage, conversationId, clientMessageId, text);
  }
  addNote(conversationId: string, clientMessageId: string, text: string): Promise<SendAck> {
    return this.connection.invoke<SendAck>(StaffHubMethods.addNote, conversationId, clientMessageId, text);
  }
  setTyping(conversationId: string, isTyping: boolean): Promise<void> {
    return this.connection.invoke<void>(StaffHubMethods.setTyping, conversationId, isTyping);
  }
  transfer(request: TransferRequest): Promise<void> {
    return this.connection.invoke<void>(StaffHubMethods.transfer, request);
  }
  endChat(conversationId: string): Promise<ChatSummary> {
    return this.connection.invoke<ChatSummary>(StaffHubMethods.endChat, conversationId);
  }
  renderCanned(conversationId: string, cannedId: string): Promise<string> {
    return this.connection.invoke<string>(StaffHubMethods.renderCanned, conversationId, cannedId);
  }
}
