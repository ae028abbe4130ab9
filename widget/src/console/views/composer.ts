// A chat pane's reply box: reply or internal note, canned responses inserted at the cursor,
// Enter to send, "librarian is typing" sent debounced, and a clientMessageId that is kept for a
// send whose outcome is unknown, so pressing Send again cannot store the message twice.
import type { CannedResponse, MessageKind, SendAck } from "../../shared/protocol";
import { el } from "../dom";
import { isRefusal } from "../errors";
import { t } from "../i18n";
import { newClientMessageId } from "../ids";

export interface ComposerActions {
  send(clientMessageId: string, text: string, asNote: boolean): Promise<SendAck>;
  typing(isTyping: boolean): void;
  renderCanned(cannedId: string): Promise<string>;
  failed(error: unknown): void;
  /** Called after the server acknowledged a message, with what was sent. */
  sent(ack: SendAck, clientMessageId: string, text: string, kind: MessageKind): void;
}

/** How long after the last keystroke the patron is told that the librarian stopped typing. */
const typingIdleMs = 3000;

export class Composer {
  readonly form = el("form", { className: "composer" });
  private readonly label: HTMLLabelElement;
  private readonly input: HTMLTextAreaElement;
  private readonly noteToggle: HTMLInputElement;
  private readonly noteText = el("span");
  private readonly cannedLabel: HTMLLabelElement;
  private readonly cannedSelect: HTMLSelectElement;
  private readonly cannedInsert: HTMLButtonElement;
  private readonly sendButton: HTMLButtonElement;
  private enabled = true;
  private sending = false;
  private typingSent = false;
  private typingTimer: number | undefined;
  /** The id of a send whose outcome is unknown (connection lost), reused when the same text is sent again. */
  private pending: { id: string; text: string; note: boolean } | null = null;

  constructor(idPrefix: string, private readonly actions: ComposerActions) {
    const inputId = `${idPrefix}-input`;
    this.label = el("label", { for: inputId, className: "composer-label" });
    this.input = el("textarea", { id: inputId, rows: 3, maxlength: 4000, "data-testid": "reply-input" });
    this.noteToggle = el("input", { type: "checkbox", id: `${idPrefix}-note`, "data-testid": "note-toggle" });
    const noteLabel = el("label", { className: "check note-check", for: `${idPrefix}-note` });
    noteLabel.append(this.noteToggle, " ", this.noteText);
    const cannedId = `${idPrefix}-canned`;
    this.cannedLabel = el("label", { for: cannedId });
    this.cannedSelect = el("select", { id: cannedId, "data-testid": "canned-select", className: "compact" });
    this.cannedSelect.append(el("option", { value: "" }));
    this.cannedInsert = el("button", { type: "button", "data-testid": "canned-insert" });
    const canned = el("span", { className: "canned-picker" });
    canned.append(this.cannedLabel, this.cannedSelect, this.cannedInsert);
    this.sendButton = el("button", { type: "submit", className: "primary", "data-testid": "send-button" });
    const bar = el("div", { className: "composer-bar" });
    bar.append(noteLabel, canned, this.sendButton);
    this.form.append(this.label, this.input, bar);
    this.wire();
    this.relabel();
  }

  relabel(): void {
    this.noteText.textContent = t("noteToggle");
    this.cannedLabel.textContent = t("cannedPick");
    this.cannedInsert.textContent = t("cannedInsert");
    this.cannedSelect.options[0]!.textContent = t("cannedNone");
    this.showMode();
  }

  setCanned(responses: readonly CannedResponse[]): void {
    const selected = this.cannedSelect.value;
    this.cannedSelect.replaceChildren(el("option", { value: "" }, t("cannedNone")));
    for (const r of responses) this.cannedSelect.append(el("option", { value: r.id }, r.title));
    this.cannedSelect.value = responses.some((r) => r.id === selected) ? selected : "";
  }

  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
    for (const control of [this.input, this.noteToggle, this.cannedSelect, this.cannedInsert]) control.disabled = !enabled;
    this.sendButton.disabled = !enabled || this.sending;
    if (!enabled) this.stopTyping();
  }

  focus(): void {
    if (this.enabled) this.input.focus();
  }

  /** Puts text at the cursor (on a line of its own after existing text) for the librarian to edit, never sends it. */
  insertText(text: string): void {
    if (!this.enabled) return;
    const start = this.input.selectionStart ?? this.input.value.length;
    const end = this.input.selectionEnd ?? start;
    const before = this.input.value.slice(0, start);
    const separator = before.length > 0 && !before.endsWith("\n") ? "\n" : "";
    this.input.setRangeText(separator + text, start, end, "end");
    this.input.focus();
    this.typed();
  }

  private wire(): void {
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.submit();
    });
    this.input.addEventListener("keydown", (event) => {
      // Enter sends; Shift+Enter is a new line; Enter that confirms an IME candidate (pinyin) is not a send.
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
        event.preventDefault();
        void this.submit();
      }
    });
    this.input.addEventListener("input", () => this.typed());
    this.noteToggle.addEventListener("change", () => this.showMode());
    this.cannedInsert.addEventListener("click", () => void this.insertCanned());
  }

  private showMode(): void {
    const note = this.noteToggle.checked;
    this.form.classList.toggle("note-mode", note);
    this.label.textContent = t(note ? "noteLabel" : "replyLabel");
    this.input.placeholder = t(note ? "notePlaceholder" : "replyPlaceholder");
    this.sendButton.textContent = t(note ? "addNote" : "send");
    if (note) this.stopTyping();
  }

  private typed(): void {
    if (this.noteToggle.checked) return; // writing a note is not "typing" for the patron
    if (this.input.value.trim().length === 0) {
      this.stopTyping();
      return;
    }
    if (!this.typingSent) {
      this.typingSent = true;
      this.actions.typing(true);
    }
    window.clearTimeout(this.typingTimer);
    this.typingTimer = window.setTimeout(() => this.stopTyping(), typingIdleMs);
  }

  stopTyping(): void {
    window.clearTimeout(this.typingTimer);
    if (!this.typingSent) return;
    this.typingSent = false;
    this.actions.typing(false);
  }

  private async submit(): Promise<void> {
    const text = this.input.value.trim();
    if (text.length === 0 || this.sending || !this.enabled) return;
    const note = this.noteToggle.checked;
    const id = this.pending && this.pending.text === text && this.pending.note === note ? this.pending.id : newClientMessageId();
    this.pending = { id, text, note };
    this.sending = true;
    this.sendButton.disabled = true;
    this.stopTyping();
    try {
      const ack = await this.actions.send(id, text, note);
      this.pending = null;
      if (this.input.value.trim() === text) this.input.value = "";
      this.actions.sent(ack, id, text, note ? "note" : "librarian");
      if (note) {
        this.noteToggle.checked = false;
        this.showMode();
      }
    } catch (error) {
      // A refusal (a known error code) will not change on retry; a lost connection may have stored it.
      if (isRefusal(error)) this.pending = null;
      this.actions.failed(error);
    } finally {
      this.sending = false;
      this.sendButton.disabled = !this.enabled;
      this.focus();
    }
  }

  private async insertCanned(): Promise<void> {
    const cannedId = this.cannedSelect.value;
    if (!cannedId) return;
    try {
      const text = await this.actions.renderCanned(cannedId);
      const start = this.input.selectionStart ?? this.input.value.length;
      const end = this.input.selectionEnd ?? start;
      this.input.setRangeText(text, start, end, "end");
      this.input.focus();
      this.typed();
    } catch (error) {
      this.actions.failed(error);
    }
  }
}
