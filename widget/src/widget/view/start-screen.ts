// The first screen while a librarian is on duty: the question, optional contact details
// (collapsed, never required) and the Start button. Knowledge-base suggestions, when on, go
// right under the question box.
import type { PatronDetails, QueueStatus } from "../../shared/protocol";
import { field, h, show } from "../dom";
import { waitMinutes, type Texts } from "../i18n";

export interface StartHandlers {
  start(question: string, details: PatronDetails): Promise<void>;
}

export class StartScreen {
  readonly element: HTMLElement;
  readonly question = h("textarea", { "data-testid": "question-input", rows: 4, maxlength: 2000, placeholder: "", required: true });
  private readonly name = h("input", { type: "text", "data-testid": "name-input", maxlength: 100, autocomplete: "name" });
  private readonly email = h("input", { type: "email", "data-testid": "email-input", maxlength: 254, autocomplete: "email" });
  private readonly queueInfo = h("p", { class: "muted" });
  private readonly error = h("p", { class: "error", role: "alert" });
  private readonly hint = h("p", { class: "notice", "data-testid": "ask-librarian-hint" });
  private readonly button: HTMLButtonElement;

  constructor(private readonly t: Texts, handlers: StartHandlers, suggestions: HTMLElement | null) {
    this.question.placeholder = t.questionPlaceholder;
    this.button = h("button", { type: "submit", class: "primary", "data-testid": "start-button", text: t.start });
    const details = h("details", {},
      h("summary", { text: t.detailsToggle }),
      field(t.nameLabel, this.name),
      field(t.emailLabel, this.email));
    const form = h("form", { class: "stack", novalidate: true },
      h("p", { text: t.intro }),
      this.queueInfo,
      field(t.questionLabel, this.question),
      suggestions,
      details,
      this.error,
      this.hint,
      this.button);
    this.hint.textContent = t.askLibrarianHint;
    show(this.hint, false);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.submit(handlers);
    });
    // Enter sends, Shift+Enter makes a new line — as in most chat boxes.
    this.question.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    this.element = h("section", { class: "screen" }, form);
  }

  private async submit(handlers: StartHandlers): Promise<void> {
    const question = this.question.value.trim();
    if (!question) {
      this.error.textContent = this.t.errorEmpty;
      this.question.focus();
      return;
    }
    this.error.textContent = "";
    this.button.disabled = true;
    try {
      await handlers.start(question, { name: this.name.value, email: this.email.value });
    } finally {
      this.button.disabled = false;
    }
  }

  showError(message: string): void {
    this.error.textContent = message;
  }

  clear(): void {
    this.question.value = "";
    this.error.textContent = "";
    show(this.hint, false);
  }

  /** After an article did not answer the question: the question is still there, Start is next. */
  offerLibrarian(): void {
    show(this.hint, true);
    this.button.focus();
  }

  fillDetails(details: PatronDetails): void {
    if (details.name && !this.name.value) this.name.value = details.name;
    if (details.email && !this.email.value) this.email.value = details.email;
  }

  setQueue(status: QueueStatus | null, connected: boolean): void {
    this.button.disabled = !connected;
    if (!status) {
      this.queueInfo.textContent = "";
      return;
    }
    let text = this.t.waitingCount(status.waitingCount);
    if (status.waitingCount > 0 && status.estimatedWaitSeconds) text += " " + this.t.estimatedWait(waitMinutes(status.estimatedWaitSeconds));
    this.queueInfo.textContent = text;
  }

  focus(): void {
    this.question.focus();
  }
}
