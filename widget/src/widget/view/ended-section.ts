// After the chat ends: a 1–5 rating with an optional comment, then "email me the transcript",
// and a way to ask another question.
import type { ChatState } from "../../shared/protocol";
import { field, h, show, uid } from "../dom";
import type { Texts } from "../i18n";

export interface EndedHandlers {
  rate(score: number, comment: string): Promise<boolean>;
  transcript(email: string): Promise<boolean>;
  newChat(): void;
}

const emailPattern = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

export class EndedSection {
  readonly element: HTMLElement;
  private readonly rateForm: HTMLFormElement;
  private readonly rated: HTMLElement;
  private readonly comment = h("textarea", { "data-testid": "rating-comment", rows: 2, maxlength: 1000 });
  private readonly email = h("input", { type: "email", "data-testid": "transcript-email", maxlength: 254, autocomplete: "email" });
  private readonly transcriptForm: HTMLFormElement;
  private readonly transcriptDone = h("p", { class: "confirmation", role: "status", tabindex: -1 });
  private readonly error = h("p", { class: "error", role: "alert" });

  constructor(t: Texts, handlers: EndedHandlers) {
    const group = uid("rating");
    const choices = [1, 2, 3, 4, 5].map((n) => {
      const input = h("input", { type: "radio", name: group, value: n, "data-testid": `rating-${n}`, id: `${group}-${n}` });
      return h("label", { class: "choice", for: input.id }, input, h("span", { text: t.rateValue(n) }));
    });
    const submit = h("button", { type: "submit", class: "primary", "data-testid": "rating-submit", text: t.rateSubmit });
    this.rateForm = h("form", { class: "stack" },
      h("fieldset", {}, h("legend", { text: t.rateLegend }), h("div", { class: "choices" }, ...choices)),
      field(t.commentLabel, this.comment),
      submit);
    this.rateForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      const picked = this.rateForm.querySelector<HTMLInputElement>("input[type=radio]:checked");
      if (!picked) {
        (this.rateForm.querySelector("input[type=radio]") as HTMLInputElement).focus();
        return;
      }
      submit.disabled = true;
      const ok = await handlers.rate(Number(picked.value), this.comment.value);
      submit.disabled = false;
      if (ok) this.rated.focus();
    });
    this.rated = h("p", { class: "confirmation", role: "status", text: t.rated, tabindex: -1 });

    const send = h("button", { type: "submit", "data-testid": "transcript-submit", text: t.transcriptSubmit });
    this.transcriptForm = h("form", { class: "inline-form" }, field(t.transcriptLabel, this.email), send);
    this.transcriptForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      const email = this.email.value.trim();
      if (!emailPattern.test(email)) {
        this.error.textContent = t.errorEmail;
        this.email.setAttribute("aria-invalid", "true");
        this.email.focus();
        return;
      }
      this.error.textContent = "";
      this.email.removeAttribute("aria-invalid");
      send.disabled = true;
      const ok = await handlers.transcript(email);
      send.disabled = false;
      if (ok) {
        this.transcriptDone.textContent = t.transcriptRequested(email);
        show(this.transcriptForm, false);
        this.transcriptDone.focus();
      }
    });

    const again = h("button", { type: "button", class: "link", text: t.newChat });
    again.addEventListener("click", () => handlers.newChat());
    this.element = h("section", { class: "ended stack" },
      this.rateForm, this.rated, this.transcriptForm, this.transcriptDone, this.error, again);
  }

  showError(message: string): void {
    this.error.textContent = message;
  }

  update(chat: ChatState, email: string | null | undefined): void {
    show(this.rateForm, !chat.rated);
    show(this.rated, chat.rated);
    if (email && !this.email.value) this.email.value = email;
  }

  /** A fresh section for the next conversation. */
  reset(): void {
    this.rateForm.reset();
    show(this.transcriptForm, true);
    this.transcriptDone.textContent = "";
    this.error.textContent = "";
  }

  focus(): void {
    const target = this.rateForm.hidden ? this.email : this.rateForm.querySelector<HTMLInputElement>("input[type=radio]");
    target?.focus();
  }
}
