// Tells the librarian the patron is typing: "true" once when typing starts, "false" after a few
// seconds without a keystroke or when the message is sent. Best effort: a lost notice only
// affects the indicator, so errors are ignored.
const idleMs = 3000;

export class TypingNotifier {
  private sentFor: string | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly notify: (conversationId: string, isTyping: boolean) => Promise<unknown>) {}

  typed(conversationId: string): void {
    if (this.sentFor !== conversationId) {
      this.stop();
      this.sentFor = conversationId;
      this.notify(conversationId, true).catch(() => undefined);
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.stop(), idleMs);
  }

  stop(): void {
    clearTimeout(this.timer);
    const id = this.sentFor;
    if (!id) return;
    this.sentFor = null;
    this.notify(id, false).catch(() => undefined);
  }
}
