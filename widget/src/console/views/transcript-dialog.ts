// A read-only transcript in a modal dialog, opened from the profile panel and "My ratings" without leaving the
// current view. It reads GET /api/staff/transcripts/{id}, the call the history view makes, so the server records
// the view in the audit log the same way. A native <dialog> keeps focus inside and closes with Escape.
import { api } from "../api";
import { el } from "../dom";
import { errorText } from "../errors";
import { t } from "../i18n";
import { chatFacts, messageElement } from "../render-message";

let dialog: TranscriptDialog | null = null;

/** Opens the transcript; focus returns to whatever had it when the dialog closes. */
export function openTranscript(conversationId: string, queueName: (queueId: string) => string): Promise<void> {
  dialog ??= new TranscriptDialog();
  return dialog.open(conversationId, queueName);
}

class TranscriptDialog {
  private readonly root = el("dialog", { className: "dialog transcript-dialog", "data-testid": "transcript-dialog", "aria-labelledby": "transcript-dialog-title" });
  private readonly title = el("h2", { id: "transcript-dialog-title" });
  private readonly status = el("p", { className: "hint", role: "status" });
  private readonly facts = el("dl", { className: "facts" });
  private readonly messages = el("ol", { className: "message-list" });
  private readonly close = el("button", { type: "button", "data-testid": "transcript-dialog-close" });
  private returnFocus: HTMLElement | null = null;

  constructor() {
    const bar = el("div", { className: "buttons" });
    bar.append(this.close);
    this.root.append(this.title, this.status, this.facts, this.messages, bar);
    this.close.addEventListener("click", () => this.root.close());
    this.root.addEventListener("close", () => this.returnFocus?.focus());
    document.body.append(this.root);
  }

  async open(conversationId: string, queueName: (queueId: string) => string): Promise<void> {
    this.returnFocus = document.activeElement as HTMLElement | null;
    this.title.textContent = t("transcriptHeading");
    this.close.textContent = t("dialogClose");
    this.status.textContent = t("loading");
    this.facts.replaceChildren();
    this.messages.replaceChildren();
    this.root.dataset.conversationId = conversationId;
    if (!this.root.open) this.root.showModal();
    try {
      const result = await api.transcript(conversationId);
      if (this.root.dataset.conversationId !== conversationId) return; // another one was opened meanwhile
      chatFacts(this.facts, result.chat, queueName(result.chat.queueId));
      this.messages.replaceChildren(...result.messages.map(messageElement));
      this.status.textContent = "";
    } catch (error) {
      this.status.textContent = errorText(error);
    }
  }
}
