// The patron's connection to the server: a visitor token from POST /api/visitors, the SignalR
// hub with that token as bearer, and a connection that never gives up. SignalR's automatic
// reconnect handles short drops; when it stops (or the first start fails) a restart loop takes
// over. A 401 means the token is no longer valid (e.g. the server lost its keys): the stored
// visitor is dropped and a new one is fetched on the next attempt.
import { HubConnection, HubConnectionBuilder, HubConnectionState, LogLevel, type RetryContext } from "@microsoft/signalr";
import { PatronHubPath, VisitorsApiPath, type VisitorSession } from "../shared/protocol";
import { store } from "./store";

export type LinkState = "connecting" | "connected" | "reconnecting";

const maxDelayMs = 10_000;

function backoff(attempt: number): number {
  const base = Math.min(maxDelayMs, 500 * 2 ** attempt);
  return base / 2 + Math.random() * (base / 2); // jitter, so a campus of widgets does not reconnect in step
}

// SignalR wraps the negotiate response's HttpError in a plain Error; its message keeps the status.
function isUnauthorized(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (error as Error & { statusCode?: number }).statusCode === 401 || error.message.includes("Status code '401'");
}

export class PatronLink {
  readonly hub: HubConnection;
  private visitor: VisitorSession | null = store.visitor();
  private restarting = false;

  constructor(
    private readonly serverOrigin: string,
    private readonly onState: (state: LinkState) => void,
    private readonly onConnected: () => void,
  ) {
    this.hub = new HubConnectionBuilder()
      .withUrl(serverOrigin + PatronHubPath, {
        accessTokenFactory: () => this.token(),
        withCredentials: false, // the bearer token is the identity; no cookies cross origins
      })
      .withAutomaticReconnect({
        nextRetryDelayInMilliseconds: (context: RetryContext) =>
          isUnauthorized(context.retryReason) ? null : backoff(context.previousRetryCount),
      })
      .configureLogging(LogLevel.None)
      .build();
    this.hub.onreconnecting(() => this.onState("reconnecting"));
    this.hub.onreconnected(() => {
      this.onState("connected");
      this.onConnected();
    });
    this.hub.onclose((error) => {
      if (isUnauthorized(error)) this.dropVisitor();
      this.onState("reconnecting");
      void this.start();
    });
  }

  get connected(): boolean {
    return this.hub.state === HubConnectionState.Connected;
  }

  /** Starts the connection, retrying forever with capped backoff. */
  async start(): Promise<void> {
    if (this.restarting) return;
    this.restarting = true;
    try {
      for (let attempt = 0; this.hub.state === HubConnectionState.Disconnected; attempt++) {
        try {
          await this.hub.start();
        } catch (error) {
          if (isUnauthorized(error)) {
            this.dropVisitor();
            if (attempt === 0) continue; // a fresh visitor usually fixes it at once
          }
          await new Promise((resolve) => setTimeout(resolve, backoff(attempt)));
          continue;
        }
        this.onState("connected");
        this.onConnected();
      }
    } finally {
      this.restarting = false;
    }
  }

  /** The visitor's token if one has been issued (never fetches one): identifies the patron's other requests. */
  get visitorToken(): string | null {
    return (store.visitor() ?? this.visitor)?.token ?? null;
  }

  invoke<T>(method: string, ...args: unknown[]): Promise<T> {
    return this.hub.invoke<T>(method, ...args);
  }

  private dropVisitor(): void {
    this.visitor = null;
    store.setVisitor(null);
  }

  private async token(): Promise<string> {
    // Another tab (or the pop-out window) may have replaced the visitor meanwhile.
    this.visitor = store.visitor() ?? this.visitor;
    if (!this.visitor) {
      const response = await fetch(this.serverOrigin + VisitorsApiPath, { method: "POST", credentials: "omit" });
      if (!response.ok) throw new Error(`Could not get a visitor: status ${response.status}`);
      this.visitor = (await response.json()) as VisitorSession;
      store.setVisitor(this.visitor);
    }
    return this.visitor.token;
  }
}
