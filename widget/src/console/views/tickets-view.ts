// Tickets (GET /api/staff/tickets): offline questions, chat follow-ups and tickets staff wrote down.
// The list filters by status, "mine" and "overdue" and comes soonest-due first; choosing a row shows
// the ticket: question, patron, notes, answers, and the claim / note / answer / status controls.
// Everything from the network is set as text (el(..., text)), never as HTML.
import type { TicketSettings, TicketStatus, TicketView } from "../../shared/protocol";
import { api } from "../api";
import { addRow, byId, cell, el, table } from "../dom";
import { errorText } from "../errors";
import { formatDateTime } from "../format";
import { t } from "../i18n";
import type { StringKey } from "../strings";
import { showToast } from "../toast";

const statusKeys: Record<TicketStatus, StringKey> = { open: "ticketOpen", pending: "ticketPending", closed: "ticketClosed" };

export class TicketsView {
  private readonly root = byId("offline-table");
  private readonly detail = byId("ticket-detail");
  private readonly status = byId<HTMLSelectElement>("tickets-status");
  private readonly mine = byId<HTMLInputElement>("tickets-mine");
  private readonly overdue = byId<HTMLInputElement>("tickets-overdue");
  private readonly emailOff = byId("tickets-email-off");
  private items: TicketView[] = [];
  private shownId: string | null = null;
  private settings: TicketSettings | null = null;
  private loaded = false;

  constructor(
    private readonly queueName: (id: string) => string,
    private readonly myId: () => string | null,
  ) {
    byId("offline-refresh").addEventListener("click", () => void this.load());
    for (const control of [this.status, this.mine, this.overdue]) control.addEventListener("change", () => void this.load());
  }

  shown(): void {
    if (!this.loaded) void this.load();
  }

  /** Shows one ticket (e.g. a follow-up just created from a chat). */
  async open(id: string): Promise<void> {
    await this.load();
    await this.showTicket(id);
  }

  refresh(): void {
    this.renderList();
    const ticket = this.items.find((i) => i.id === this.shownId);
    if (ticket) this.renderDetail(ticket);
  }

  async load(): Promise<void> {
    this.root.replaceChildren(el("p", { role: "status" }, t("loading")));
    try {
      this.settings ??= await api.ticketSettings();
      this.emailOff.hidden = this.settings.emailEnabled;
      this.items = await api.tickets({ status: this.status.value as TicketStatus | "", mine: this.mine.checked, overdue: this.overdue.checked });
      this.loaded = true;
      this.renderList();
    } catch (error) {
      this.root.replaceChildren(el("p", { className: "form-error", role: "alert" }, errorText(error)));
    }
  }

  private renderList(): void {
    if (this.items.length === 0) {
      this.root.replaceChildren(el("p", { className: "empty" }, t("ticketsEmpty")));
      return;
    }
    const { table: tbl, body } = table(t("ticketsHeading"), [t("ticketDue"), t("received"), t("queue"), t("patronName"), t("question"), t("status"), t("ticketOwner"), t("actions")]);
    for (const ticket of this.items) {
      const row = el("tr", { "data-testid": "ticket-row", "data-id": ticket.id, "data-overdue": ticket.overdue ? "true" : null, className: ticket.overdue ? "overdue" : null });
      const due = cell(row, ticket.dueAt ? formatDateTime(ticket.dueAt) : "—");
      if (ticket.overdue) due.append(" ", el("strong", { className: "overdue-badge", "data-testid": "ticket-overdue" }, t("ticketOverdue")));
      cell(row, formatDateTime(ticket.createdAt));
      cell(row, this.queueName(ticket.queueId));
      cell(row, ticket.name ?? ticket.email);
      cell(row, ticket.question.length > 120 ? ticket.question.slice(0, 120) + "…" : ticket.question, "pre-wrap");
      cell(row, t(statusKeys[ticket.status]));
      cell(row, ticket.ownerName);
      const openButton = el("button", { type: "button", "data-testid": "ticket-open", "aria-label": t("ticketOpenLabel", { id: ticket.id }) }, t("ticketShow"));
      openButton.addEventListener("click", () => void this.showTicket(ticket.id));
      cell(row, "").replaceChildren(openButton);
      body.append(row);
    }
    this.root.replaceChildren(tbl);
  }

  private async showTicket(id: string): Promise<void> {
    try {
      this.renderDetail(await api.ticket(id));
      this.detail.querySelector<HTMLElement>("h3")?.focus();
    } catch (error) {
      showToast(errorText(error), "error");
    }
  }

  /** Runs a change, then redraws the ticket and the list with what the server answered. */
  private async change(action: () => Promise<TicketView>, done?: StringKey): Promise<void> {
    try {
      const ticket = await action();
      this.items = this.items.map((i) => (i.id === ticket.id ? ticket : i));
      this.renderList();
      this.renderDetail(ticket);
      if (done) showToast(t(done));
    } catch (error) {
      showToast(errorText(error), "error");
    }
  }

  private renderDetail(ticket: TicketView): void {
    this.shownId = ticket.id;
    const me = this.myId();
    const mine = ticket.ownerId !== null && ticket.ownerId === me;
    const heading = el("h3", { tabindex: -1, id: "ticket-heading" }, t("ticketHeading", { id: ticket.id }));
    const facts = el("dl", { className: "facts" });
    addRow(facts, t("status"), t(statusKeys[ticket.status]));
    addRow(facts, t("ticketDue"), ticket.dueAt ? formatDateTime(ticket.dueAt) + (ticket.overdue ? ` (${t("ticketOverdue")})` : "") : null);
    addRow(facts, t("queue"), this.queueName(ticket.queueId));
    addRow(facts, t("patronName"), ticket.name);
    addRow(facts, t("patronEmail"), ticket.email);
    addRow(facts, t("received"), formatDateTime(ticket.createdAt));
    addRow(facts, t("ticketOwner"), ticket.ownerName);
    const question = el("blockquote", { className: "pre-wrap ticket-question", "data-testid": "ticket-question" }, ticket.question);

    const buttons = el("div", { className: "buttons" });
    if (ticket.status !== "closed" && !mine) {
      const claim = el("button", { type: "button", className: "primary", "data-testid": "ticket-claim" }, t("ticketClaim"));
      claim.addEventListener("click", () => void this.change(() => api.claimTicket(ticket.id), "ticketClaimed"));
      buttons.append(claim);
    }
    if (ticket.ownerId !== null) {
      const release = el("button", { type: "button", "data-testid": "ticket-release" }, t("ticketRelease"));
      release.addEventListener("click", () => void this.change(() => api.releaseTicket(ticket.id)));
      buttons.append(release);
    }
    const statusSelect = el("select", { "data-testid": "ticket-status-select", "aria-label": t("ticketSetStatus") });
    for (const s of ["open", "pending", "closed"] as const) statusSelect.append(el("option", { value: s, selected: s === ticket.status }, t(statusKeys[s])));
    const setStatus = el("button", { type: "button", "data-testid": "ticket-status-button" }, t("ticketSetStatus"));
    setStatus.addEventListener("click", () => void this.change(() => api.setTicketStatus(ticket.id, statusSelect.value as TicketStatus)));
    buttons.append(statusSelect, setStatus);

    const back = el("button", { type: "button", className: "quiet" }, t("ticketBack"));
    back.addEventListener("click", () => {
      this.detail.hidden = true;
      this.shownId = null;
      this.root.querySelector<HTMLElement>(`[data-id="${CSS.escape(ticket.id)}"] button`)?.focus();
    });

    this.detail.replaceChildren(heading, facts, question, buttons, this.answersSection(ticket), this.notesSection(ticket));
    if (ticket.status !== "closed") this.detail.append(this.answerForm(ticket, mine));
    this.detail.append(back);
    this.detail.hidden = false;
  }

  private answersSection(ticket: TicketView): HTMLElement {
    const section = el("section", { "aria-labelledby": "ticket-answers-heading" });
    section.append(el("h4", { id: "ticket-answers-heading" }, t("ticketAnswers")));
    if (ticket.answers.length === 0) section.append(el("p", { className: "empty" }, t("ticketNoAnswers")));
    const list = el("ol", { className: "ticket-entries" });
    for (const answer of ticket.answers) {
      const item = el("li", { "data-testid": "ticket-answer", "data-delivery": answer.delivery });
      item.append(
        el("p", { className: "entry-meta" }, `${answer.authorName} · ${formatDateTime(answer.at)} · ${t(deliveryKey(answer.delivery))}`),
        el("p", { className: "pre-wrap" }, answer.text),
      );
      list.append(item);
    }
    section.append(list);
    return section;
  }

  private notesSection(ticket: TicketView): HTMLElement {
    const section = el("section", { "aria-labelledby": "ticket-notes-heading" });
    section.append(el("h4", { id: "ticket-notes-heading" }, t("ticketNotes")));
    const list = el("ol", { className: "ticket-entries notes" });
    for (const note of ticket.notes) {
      const item = el("li", { "data-testid": "ticket-note", className: "note" });
      item.append(el("p", { className: "entry-meta" }, `${note.authorName} · ${formatDateTime(note.at)}`), el("p", { className: "pre-wrap" }, note.text));
      list.append(item);
    }
    const form = el("form", { className: "stack-form" });
    const input = el("textarea", { id: "ticket-note-input", rows: 2, maxlength: 4000, required: true, "data-testid": "ticket-note-input" });
    const label = el("label", { for: "ticket-note-input" }, t("ticketAddNote"));
    const submit = el("button", { type: "submit", "data-testid": "ticket-note-submit" }, t("ticketAddNote"));
    form.append(el("div", { className: "field" }), submit);
    form.firstElementChild!.append(label, input);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.change(() => api.addTicketNote(ticket.id, input.value));
    });
    section.append(list, form);
    return section;
  }

  private answerForm(ticket: TicketView, mine: boolean): HTMLElement {
    const form = el("form", { className: "stack-form", "data-testid": "ticket-answer-form" });
    form.append(el("h4", {}, t("ticketAnswerHeading")));
    if (!mine) form.append(el("p", { className: "hint" }, t("ticketClaimFirst")));
    if (this.settings && !this.settings.emailEnabled) form.append(el("p", { className: "hint" }, t("ticketsEmailOff")));
    const field = el("div", { className: "field" });
    const text = el("textarea", { id: "ticket-answer-input", rows: 6, maxlength: 4000, required: true, disabled: !mine, "data-testid": "ticket-answer-input" });
    field.append(el("label", { for: "ticket-answer-input" }, t("ticketAnswerText", { email: ticket.email })), text);
    const then = el("select", { id: "ticket-answer-then", disabled: !mine, "data-testid": "ticket-answer-then" });
    then.append(el("option", { value: "closed" }, t("ticketThenClose")), el("option", { value: "pending" }, t("ticketThenPending")));
    const thenField = el("div", { className: "field" });
    thenField.append(el("label", { for: "ticket-answer-then" }, t("ticketThen")), then);
    const send = el("button", { type: "submit", className: "primary", disabled: !mine, "data-testid": "ticket-answer-submit" }, t("ticketSendAnswer"));
    form.append(field, thenField, send);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      send.disabled = true;
      void this.change(
        () => api.answerTicket(ticket.id, { text: text.value, then: then.value === "pending" ? "pending" : "closed" }),
        this.settings?.emailEnabled ? "ticketAnswerSent" : "ticketAnswerStored",
      ).finally(() => (send.disabled = false));
    });
    return form;
  }
}

function deliveryKey(delivery: TicketView["answers"][number]["delivery"]): StringKey {
  return ({ pending: "deliveryPending", sent: "deliverySent", failed: "deliveryFailed", disabled: "deliveryDisabled" } as const)[delivery];
}
