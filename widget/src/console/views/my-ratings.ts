// "My ratings" (GET /api/staff/ratings): the patrons' ratings of the signed-in librarian's chats over a period —
// their average and count per score beside the whole service's — and the rated chats, newest first, each opening
// its read-only transcript (audited like the history view). The view is built here into the empty
// #view-ratings section of console.html; comments are patron text and go in through textContent.
import type { MyRatings, RatingSummary } from "../../shared/patron";
import { api } from "../api";
import { byId, cell, el, table } from "../dom";
import { errorText } from "../errors";
import { formatDateTime } from "../format";
import { t } from "../i18n";
import { openTranscript } from "./transcript-dialog";

export class MyRatingsView {
  private readonly root = byId("view-ratings");
  private readonly heading = el("h2", { id: "ratings-heading" });
  private readonly form = el("form", { className: "search-form", "data-testid": "ratings-form" });
  private readonly fromLabel = el("label", { for: "ratings-from" });
  private readonly toLabel = el("label", { for: "ratings-to" });
  private readonly from = el("input", { type: "date", id: "ratings-from", "data-testid": "ratings-from" });
  private readonly to = el("input", { type: "date", id: "ratings-to", "data-testid": "ratings-to" });
  private readonly show = el("button", { type: "submit", className: "primary", "data-testid": "ratings-show" });
  private readonly status = el("p", { className: "hint", role: "status", "data-testid": "ratings-status" });
  private readonly results = el("div", { className: "ratings-results" });
  private last: MyRatings | null = null;

  constructor(private readonly queueName: (queueId: string) => string) {
    const field = (label: HTMLLabelElement, input: HTMLInputElement) => {
      const wrapper = el("div", { className: "field" });
      wrapper.append(label, input);
      return wrapper;
    };
    this.form.append(field(this.fromLabel, this.from), field(this.toLabel, this.to), this.show);
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.load();
    });
    this.root.append(this.heading, this.form, this.status, this.results);
    this.relabel();
  }

  /** First visit: the default period (the last 30 days), which the server fills into the date fields. */
  shown(): void {
    if (!this.last) void this.load();
  }

  refresh(): void {
    this.relabel();
    if (this.last) this.render(this.last);
  }

  private relabel(): void {
    this.heading.textContent = t("ratingsHeading");
    this.fromLabel.textContent = t("fromDate");
    this.toLabel.textContent = t("toDate");
    this.show.textContent = t("ratingsShow");
  }

  private async load(): Promise<void> {
    this.status.textContent = t("loading");
    try {
      const result = await api.ratings(this.from.value, this.to.value);
      this.last = result;
      this.from.value = result.from;
      this.to.value = result.to;
      this.render(result);
    } catch (error) {
      this.status.textContent = errorText(error);
    }
  }

  private render(result: MyRatings): void {
    this.status.textContent = t("ratingsPeriod", { from: result.from, to: result.to, zone: result.timeZone });
    const summary = el("div", { className: "ratings-summary" });
    summary.append(this.stat(t("ratingsMine"), result.mine, "ratings-my-average"), this.stat(t("ratingsService"), result.service, "ratings-service-average"));
    const tables = el("div", { className: "ratings-tables" });
    tables.append(this.distribution(result), this.list(result));
    this.results.replaceChildren(summary, tables);
  }

  private stat(label: string, summary: RatingSummary, testId: string): HTMLElement {
    const box = el("div", { className: "ratings-stat" });
    box.append(
      el("p", { className: "ratings-stat-label" }, label),
      el("p", { className: "ratings-stat-value", "data-testid": testId }, summary.average === null ? "—" : summary.average.toFixed(2)),
      el("p", { className: "ratings-stat-label" }, t("ratingsCount", { count: summary.count })),
    );
    return box;
  }

  private distribution(result: MyRatings): HTMLElement {
    const { table: grid, body } = table(t("ratingsByScore"), [t("ratingsScore"), t("ratingsMineColumn"), t("ratingsServiceColumn")]);
    grid.querySelector("caption")!.className = "";
    for (let score = 5; score >= 1; score--) {
      const row = el("tr", { "data-testid": "ratings-score-row", "data-score": score });
      cell(row, `${score} ★`);
      cell(row, String(result.mine.byScore[score - 1] ?? 0));
      cell(row, String(result.service.byScore[score - 1] ?? 0));
      body.append(row);
    }
    return grid;
  }

  private list(result: MyRatings): HTMLElement {
    const wrapper = el("div");
    if (result.items.length === 0) {
      wrapper.append(el("p", { className: "empty", "data-testid": "ratings-empty" }, t("ratingsEmpty")));
      return wrapper;
    }
    const { table: grid, body } = table(t("ratingsListCaption"), [t("ratingsDate"), t("queue"), t("ratingsScore"), t("ratingsComment"), t("ratingsTranscript")]);
    grid.querySelector("caption")!.className = "";
    for (const item of result.items) {
      const row = el("tr", { "data-testid": "ratings-row", "data-conversation-id": item.conversationId });
      cell(row, formatDateTime(item.createdAt));
      cell(row, this.queueName(item.queueId));
      cell(row, `${item.score} ★`);
      cell(row, item.comment, "ratings-comment");
      const open = el("button", { type: "button", "data-testid": "ratings-open" }, t("ratingsOpen"));
      open.addEventListener("click", () => void openTranscript(item.conversationId, this.queueName));
      const action = el("td");
      action.append(open);
      row.append(action);
      body.append(row);
    }
    wrapper.append(grid);
    if (result.items.length < result.mine.count) {
      wrapper.append(el("p", { className: "hint" }, t("ratingsShownOf", { shown: result.items.length, count: result.mine.count })));
    }
    return wrapper;
  }
}
