// Nobody on duty: say when the service is back (or that nobody is available), and take a
// question with a required email instead. Never looks like live chat.
import type { QueueStatus } from "../../shared/protocol";
import type { Language } from "../config";
import { field, h, show } from "../dom";
import { formatOpensAt, type Texts } from "../i18n";

export interface OfflineHandlers {
  leave(question: string, email: string, name: string): Promise<string | null>;
}

const emailPattern = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

export class OfflineScreen {
  readonly element: HTMLElement;
  readonly question = h("textarea", { "data-testid": "offline-question", rows: 4, maxlength: 2000, required: true });
  private readonly email = h("input", { type: "email", "data-testid": "offline-email", maxlength: 254, required: true, autocomplete: "email" });
  private readonly name = h("input", { type: "text", "data-testid": "offline-name", maxlength: 100, autocomplete: "name" });
  private readonly reopen = h("p", { class: "notice", "data-testid": "offline-reopen-text" });
  private readonly error = h("p", { class: "error", role: "alert" });
  private readonly hint = h("p", { class: "notice", "data-testid": "ask-librarian-hint" });
  private readonly form: HTMLFormElement;
  private readonly confirmation = h("p", { class: "confirmation", "data-testid": "offline-confirmation", role: "status", tabindex: -1 });
  private readonly button: HTMLButtonElement;

  constructor(private readonly t: Texts, private readonly language: Language, handlers: OfflineHandlers, suggestions: HTMLElement | null) {
    this.button = h("button", { type: "submit", class: "primary", "data-testid": "offline-submit", text: t.offlineSubmit });
    this.form = h("form", { class: "stack", "data-testid": "offline-form", novalidate: true },
      h("p", { text: t.offlineIntro }),
      field(t.offlineQuestionLabel, this.question),
      suggestions,
      field(t.offlineEmailLabel, this.email),
      field(t.offlineNameLabel, this.name),
      this.error,
      this.hint,
      this.button);
    this.hint.textContent = t.askLibrarianHint;
    show(this.hint, false);
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.submit(handlers);
    });
    show(this.confirmation, false);
    this.element = h("section", { class: "screen stack" }, this.reopen, this.form, this.confirmation);
  }

  private async submit(handlers: OfflineHandlers): Promise<void> {
    const question = this.question.value.trim();
    const email = this.email.value.trim();
    if (!question) return this.invalid(this.question, this.t.errorEmpty);
    if (!emailPattern.test(email)) return this.invalid(this.email, this.t.errorEmail);
    this.error.textContent = "";
    this.email.removeAttribute("aria-invalid");
    this.button.disabled = true;
    try {
      const receipt = await handlers.leave(question, email, this.name.value.trim());
      if (receipt) {
        this.confirmation.textContent = this.t.offlineThanks(receipt);
        show(this.form, false);
        show(this.confirmation, true);
        this.confirmation.focus();
      }
    } finally {
      this.button.disabled = false;
    }
  }

  private invalid(control: HTMLElement, message: string): void {
    this.error.textContent = message;
    control.setAttribute("aria-invalid", "true");
    control.focus();
  }

  showError(message: string): void {
    this.error.textContent = message;
  }

  setStatus(status: QueueStatus, language: Language = this.language): void {
    const t = this.t;
    const now = status.availability === "closed" ? t.offlineClosed : t.offlineNobody;
    this.reopen.textContent = status.opensAt ? now + t.sentenceGap + t.offlineOpensAt(formatOpensAt(status.opensAt, language)) : now;
  }

  prefill(question: string, email: string | null | undefined, name: string | null | undefined): void {
    if (question && !this.question.value) this.question.value = question;
    if (email && !this.email.value) this.email.value = email;
    if (name && !this.name.value) this.name.value = name;
  }

  /** A new form after a confirmation, e.g. when the panel is reopened for another question. */
  reset(): void {
    show(this.form, true);
    show(this.confirmation, false);
    show(this.hint, false);
    this.question.value = "";
  }

  /** After an article did not answer the question: the question is kept; the email, then Send, is next. */
  offerLibrarian(): void {
    show(this.hint, true);
    (this.email.value.trim() ? this.button : this.email).focus();
  }

  focus(): void {
    if (this.confirmation.hidden) this.question.focus();
    else this.confirmation.focus();
  }
}
