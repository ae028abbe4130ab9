// The events the host page can listen to through window.AskLibrary.on(…).
import type { ChatMessage, ChatState, QueueStatus } from "../shared/protocol";

export interface WidgetEvents {
  open: void;
  close: void;
  chatStarted: ChatState;
  message: ChatMessage;
  chatEnded: ChatState;
  statusChanged: QueueStatus;
}

export type WidgetEventName = keyof WidgetEvents;
type Handler<K extends WidgetEventName> = (payload: WidgetEvents[K]) => void;

export class Emitter {
  private readonly handlers = new Map<string, Set<(payload: unknown) => void>>();

  on<K extends WidgetEventName>(event: K, handler: Handler<K>): () => void {
    const set = this.handlers.get(event) ?? new Set();
    set.add(handler as (payload: unknown) => void);
    this.handlers.set(event, set);
    return () => set.delete(handler as (payload: unknown) => void);
  }

  emit<K extends WidgetEventName>(event: K, payload: WidgetEvents[K]): void {
    for (const handler of this.handlers.get(event) ?? []) {
      try {
        handler(payload);
      } catch (error) {
        console.error(`AskLibrary: a '${event}' handler failed`, error); // the host's bug must not stop the widget
      }
    }
  }
}
