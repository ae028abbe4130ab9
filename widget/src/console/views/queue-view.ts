// The waiting chats of the librarian's queues, with a wait timer that ticks every second from
// waitingSince. Redrawn from the QueueView list on every QueueChanged; focus on an Accept
// button survives the redraw so keyboard users are not thrown back to the top.
import type { ChatSummary, QueueView } from "../../shared/protocol";
import { byId, el } from "../dom";
import { formatDuration, secondsSince } from "../format";
import { t } from "../i18n";

const availabilityKeys = {
  open: "availabilityOpen",
  closed: "availabilityClosed",
  nobody_available: "availabilityNobody",
} as const;

export class QueueListView {
  private readonly root = byId("queue-list");
  private queues: QueueView[] = [];

  constructor(private readonly onAccept: (chat: ChatSummary, button: HTMLButtonElement) => void) {
    setInterval(() => this.tick(), 1000);
  }

  render(queues: QueueView[]): void {
    this.queues = queues;
    const focusedId = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>("[data-testid=waiting-chat]")
      ?.dataset.conversationId;
    this.root.replaceChildren();
    if (queues.length === 0) {
      this.root.append(el("p", { className: "empty" }, t("noQueues")));
      return;
    }
    for (const queue of queues) this.root.append(this.queueSection(queue));
    if (focusedId) {
      const again = this.root.querySelector<HTMLButtonElement>(
        `[data-testid=waiting-chat][data-conversation-id="${CSS.escape(focusedId)}"] [data-testid=accept-button]`,
      );
      (again ?? this.root.querySelector<HTMLButtonElement>("[data-testid=accept-button]"))?.focus();
    }
  }

  private queueSection(queue: QueueView): HTMLElement {
    const headingId = `queue-${queue.queueId}-heading`;
    const section = el("section", { className: "queue", "data-queue-id": queue.queueId, "aria-labelledby": headingId });
    const heading = el("h3", { id: headingId, className: "queue-name" }, queue.name);
    const policy = t(queue.policy === "offer" ? "policyOffer" : "policyAuto");
    const availability = t(availabilityKeys[queue.status.availability] ?? "availabilityOpen");
    // The view lists the first waiting chats only (AskLibrary:Chat:QueueViewLimit); the status counts them all.
    const total = Math.max(queue.status.waitingCount, queue.waiting.length);
    heading.append(" ", el("span", { className: "queue-meta" }, `${policy} · ${availability} · ${total}`));
    section.append(heading);
    if (queue.waiting.length === 0) {
      section.append(el("p", { className: "empty" }, t("queueEmpty")));
      return section;
    }
    const list = el("ul", { className: "waiting-list" });
    for (const chat of queue.waiting) list.append(this.waitingItem(chat));
    section.append(list);
    if (total > queue.waiting.length) {
      section.append(el("p", { className: "queue-more", "data-testid": "queue-more" },
        t("queueMore", { shown: String(queue.waiting.length), total: String(total) })));
    }
    return section;
  }

  private waitingItem(chat: ChatSummary): HTMLLIElement {
    const item = el("li", { className: "waiting-chat", "data-testid": "waiting-chat", "data-conversation-id": chat.conversationId });
    const text = el("div", { className: "waiting-text" });
    text.append(el("p", { className: "waiting-question" }, chat.question));
    const meta = el("p", { className: "waiting-meta" });
    if (chat.patronName) meta.append(el("span", { className: "waiting-patron" }, chat.patronName), " · ");
    meta.append(el("span", { className: "wait-timer", "data-since": chat.waitingSince ?? chat.createdAt }, this.waitText(chat.waitingSince ?? chat.createdAt)));
    text.append(meta);
    const accept = el("button", {
      type: "button",
      className: "primary accept",
      "data-testid": "accept-button",
      "aria-label": t("acceptLabel", { question: preview(chat.question) }),
    }, t("accept"));
    accept.addEventListener("click", () => this.onAccept(chat, accept));
    item.append(text, accept);
    return item;
  }

  private waitText(since: string | null): string {
    return t("waitingFor", { time: formatDuration(secondsSince(since)) });
  }

  private tick(): void {
    for (const timer of this.root.querySelectorAll<HTMLElement>(".wait-timer")) {
      timer.textContent = this.waitText(timer.dataset.since ?? null);
    }
  }

  /** Redraw with the current language. */
  refresh(): void {
    this.render(this.queues);
  }
}

export function preview(text: string, max = 80): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}
