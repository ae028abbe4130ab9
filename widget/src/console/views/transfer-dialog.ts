// The transfer dialog: to one of the queues or to a colleague from the snapshot's librarians,
// with an optional note (stored by the server as an internal note). A native <dialog> keeps
// focus inside while open and gives Escape-to-close for free.
import type { LibrarianPresence, QueueView, TransferRequest } from "../../shared/protocol";
import { byId, el } from "../dom";
import { errorText } from "../errors";
import { t } from "../i18n";
import type { StringKey } from "../strings";

const presenceKeys: Record<string, StringKey> = {
  available: "presenceAvailable",
  away: "presenceAway",
  offline: "presenceOffline",
};

export class TransferDialog {
  private readonly dialog = byId<HTMLDialogElement>("transfer-dialog");
  private readonly form = byId<HTMLFormElement>("transfer-form");
  private readonly queue = byId<HTMLSelectElement>("transfer-queue");
  private readonly staff = byId<HTMLSelectElement>("transfer-staff");
  private readonly note = byId<HTMLTextAreaElement>("transfer-note");
  private readonly error = byId("transfer-error");
  private conversationId: string | null = null;
  private returnFocus: HTMLElement | null = null;

  constructor(private readonly submit: (request: TransferRequest) => Promise<void>) {
    byId("transfer-cancel").addEventListener("click", () => this.dialog.close());
    this.dialog.addEventListener("close", () => this.returnFocus?.focus());
    // Choosing one target clears the other: a transfer goes to a queue or to a person, not both.
    this.queue.addEventListener("change", () => {
      if (this.queue.value) this.staff.value = "";
    });
    this.staff.addEventListener("change", () => {
      if (this.staff.value) this.queue.value = "";
    });
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.send();
    });
  }

  open(conversationId: string, queues: QueueView[], librarians: LibrarianPresence[], myId: string | null): void {
    this.conversationId = conversationId;
    this.returnFocus = document.activeElement as HTMLElement | null;
    this.queue.replaceChildren(el("option", { value: "" }, t("transferNoTarget")));
    for (const q of queues) this.queue.append(el("option", { value: q.queueId }, q.name));
    this.staff.replaceChildren(el("option", { value: "" }, t("transferNoTarget")));
    for (const l of librarians) {
      if (l.staffId === myId) continue;
      const presence = t(presenceKeys[l.presence] ?? "presenceOffline");
      const label = `${l.displayName} (${presence}, ${l.activeChats}/${l.capacity})`;
      this.staff.append(el("option", { value: l.staffId }, label));
    }
    this.note.value = "";
    this.error.textContent = "";
    this.dialog.showModal();
    this.queue.focus();
  }

  private async send(): Promise<void> {
    if (!this.conversationId) return;
    const toQueueId = this.queue.value || null;
    const toStaffId = this.staff.value || null;
    if ((toQueueId === null) === (toStaffId === null)) {
      this.error.textContent = t("transferPickOne");
      return;
    }
    const note = this.note.value.trim();
    try {
      await this.submit({ conversationId: this.conversationId, toQueueId, toStaffId, note: note.length > 0 ? note : null });
      this.returnFocus = null;
      this.dialog.close();
    } catch (error) {
      this.error.textContent = errorText(error);
    }
  }
}
