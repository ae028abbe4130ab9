// Transcript search (GET /api/staff/transcripts) with dates, queue, text and paging; a row opens
// the whole transcript read-only (GET /api/staff/transcripts/{id}).
import type { ChatSummary, QueueView, TranscriptPage } from "../../shared/protocol";
import { api } from "../api";
import { addRow, byId, el } from "../dom";
import { errorText } from "../errors";
import { formatDateTime } from "../format";
import { languageChangedEvent, t } from "../i18n";
import { chatFacts, messageElement, stateLabel } from "../render-message";
import { ClassifyPanel } from "./classify-panel";
import { preview } from "./queue-view";

export class HistoryView {
  private readonly from = byId<HTMLInputElement>("history-from");
  private readonly to = byId<HTMLInputElement>("history-to");
  private readonly queue = byId<HTMLSelectElement>("history-queue");
  private readonly q = byId<HTMLInputElement>("history-q");
  private readonly list = byId<HTMLUListElement>("history-list");
  private readonly summary = byId("history-summary");
  private readonly pager = byId("history-pager");
  private readonly view = byId("transcript-view");
  private page = 1;
  private last: TranscriptPage | null = null;
  private queueNames = new Map<string, string>();
  private classify: ClassifyPanel | null = null;

  constructor() {
    byId<HTMLFormElement>("history-form").addEventListener("submit", (event) => {
      event.preventDefault();
      void this.search(1);
    });
    byId("history-prev").addEventListener("click", () => void this.search(this.page - 1));
    byId("history-next").addEventListener("click", () => void this.search(this.page + 1));
    document.addEventListener(languageChangedEvent, () => this.classify?.relabel());
  }

  setQueues(queues: QueueView[]): void {
    const selected = this.queue.value;
    this.queueNames = new Map(queues.map((q) => [q.queueId, q.name]));
    this.queue.replaceChildren(el("option", { value: "" }, t("allQueues")));
    for (const q of queues) this.queue.append(el("option", { value: q.queueId }, q.name));
    this.queue.value = selected && this.queueNames.has(selected) ? selected : "";
  }

  /** First visit: show the most recent conversations without asking. */
  shown(): void {
    if (!this.last) void this.search(1);
  }

  async search(page: number): Promise<void> {
    this.summary.textContent = t("loading");
    try {
      const result = await api.transcripts({ from: this.from.value, to: this.to.value, queue: this.queue.value, q: this.q.value.trim(), page: Math.max(1, page) });
      this.last = result;
      this.page = result.page;
      this.renderPage(result);
    } catch (error) {
      this.summary.textContent = errorText(error);
    }
  }

  private renderPage(result: TranscriptPage): void {
    this.list.replaceChildren();
    this.summary.textContent = result.total === 0 ? t("historyEmpty") : t("historyTotal", { total: result.total });
    for (const chat of result.items) this.list.append(this.row(chat));
    const pages = Math.max(1, Math.ceil(result.total / Math.max(1, result.pageSize)));
    this.pager.hidden = pages <= 1;
    byId("history-page").textContent = t("pageOf", { page: result.page, pages });
    byId<HTMLButtonElement>("history-prev").disabled = result.page <= 1;
    byId<HTMLButtonElement>("history-next").disabled = result.page >= pages;
  }

  private row(chat: ChatSummary): HTMLLIElement {
    const button = el("button", { type: "button", className: "history-row", "data-testid": "history-row", "data-conversation-id": chat.conversationId });
    button.append(
      el("span", { className: "history-date" }, formatDateTime(chat.createdAt)),
      el("span", { className: "history-queue" }, this.queueName(chat.queueId)),
      el("span", { className: "history-patron" }, chat.patronName || t("anonymous")),
      el("span", { className: "history-question" }, preview(chat.question, 100)),
      el("span", { className: "history-state" }, stateLabel(chat.state)),
    );
    button.addEventListener("click", () => void this.showTranscript(chat.conversationId));
    const item = el("li");
    item.append(button);
    return item;
  }

  private async showTranscript(id: string): Promise<void> {
    const messages = byId<HTMLOListElement>("transcript-messages");
    try {
      const result = await api.transcript(id);
      const facts = byId<HTMLDListElement>("transcript-facts");
      chatFacts(facts, result.chat, this.queueName(result.chat.queueId));
      // Only admins and managers receive it, and only from queues configured to keep it.
      if (result.patronAddress) addRow(facts, t("patronAddress"), result.patronAddress);
      messages.replaceChildren(...result.messages.map(messageElement));
      // Tags and the READ scale of the shown transcript, editable by its librarian or an admin.
      this.classify?.root.remove();
      this.classify = new ClassifyPanel("transcript", id);
      messages.before(this.classify.root);
      this.view.dataset.conversationId = id;
      this.view.hidden = false;
      this.view.focus();
    } catch (error) {
      this.summary.textContent = errorText(error);
    }
  }

  private queueName(id: string): string {
    return this.queueNames.get(id) ?? id;
  }
}
