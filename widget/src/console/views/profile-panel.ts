// The patron's profile beside a chat (GET /api/staff/patrons/{visitorId}): contact details, segment with a
// plain-language explanation, the scores, the key-patron flag, previous conversations and the timeline of every
// interaction. The server decides what the caller may see (only the librarian handling the chat, and admins) and
// audits each read, so the panel loads once per chat and again only when asked. Collapsible: a disclosure
// button (aria-expanded) that starts collapsed on narrow screens. All patron text goes in through textContent.
import { api, ApiError } from "../api";
import { addRow, el } from "../dom";
import { errorText } from "../errors";
import { formatDateTime } from "../format";
import { t } from "../i18n";
import { stateLabel } from "../render-message";
import type { StringKey } from "../strings";
import type { PatronProfile, PatronSegment, TimelineEntry, TimelineKind } from "../../shared/patron";
import { preview } from "./queue-view";
import { openTranscript } from "./transcript-dialog";

export interface ProfileActions {
  queueName(queueId: string): string;
  failed(error: unknown): void;
}

const segmentKeys: Record<PatronSegment, [StringKey, StringKey]> = {
  new: ["segmentNew", "segmentNewHelp"],
  occasional: ["segmentOccasional", "segmentOccasionalHelp"],
  growing: ["segmentGrowing", "segmentGrowingHelp"],
  long_term: ["segmentLongTerm", "segmentLongTermHelp"],
  lapsed: ["segmentLapsed", "segmentLapsedHelp"],
};

const timelineKeys: Record<TimelineKind, StringKey> = {
  chat: "tlChat",
  rating: "tlRating",
  ticket: "tlTicket",
  ticket_answered: "tlTicketAnswered",
  kb_opened: "tlKbOpened",
  kb_helpful: "tlKbHelpful",
  kb_not_helpful: "tlKbNotHelpful",
};

/** Below this width the panel starts collapsed, so the conversation keeps the screen. */
const narrowScreen = "(max-width: 1100px)";

export class ProfilePanel {
  readonly root: HTMLElement;
  private readonly toggle: HTMLButtonElement;
  private readonly body: HTMLDivElement;
  private readonly status = el("p", { className: "hint profile-status", role: "status" });
  private readonly content = el("div", { className: "profile-content" });
  private readonly keyPatron = el("input", { type: "checkbox", "data-testid": "key-patron-toggle" });
  private readonly keyPatronText = el("span");
  private profile: PatronProfile | null = null;
  private loaded = false;
  private enabled = true;

  constructor(
    prefix: string,
    private readonly visitorId: string | null,
    private readonly conversationId: string,
    private readonly actions: ProfileActions,
  ) {
    const headingId = `${prefix}-profile-heading`;
    const bodyId = `${prefix}-profile-body`;
    this.root = el("section", { className: "profile-panel", "data-testid": "profile-panel", "aria-labelledby": headingId });
    const expanded = !window.matchMedia(narrowScreen).matches;
    this.toggle = el("button", { type: "button", id: headingId, className: "profile-toggle", "aria-expanded": String(expanded), "aria-controls": bodyId, "data-testid": "profile-toggle" });
    const heading = el("h3", { className: "profile-heading" });
    heading.append(this.toggle);
    this.body = el("div", { id: bodyId, className: "profile-body", hidden: !expanded });
    this.body.append(this.status, this.content);
    this.root.append(heading, this.body);
    this.toggle.addEventListener("click", () => this.setExpanded(this.toggle.getAttribute("aria-expanded") !== "true"));
    this.keyPatron.addEventListener("change", () => void this.saveKeyPatron(this.keyPatron.checked));
    this.relabel();
  }

  /** The pane is on screen: load the profile the first time. */
  attached(): void {
    if (!this.loaded) void this.load();
  }

  /** The chat left the librarian: the server no longer answers for it, so the flag cannot change any more. */
  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
    this.keyPatron.disabled = !enabled;
  }

  relabel(): void {
    this.toggle.textContent = t("profileHeading");
    this.keyPatronText.textContent = t("keyPatron");
    if (this.profile) this.render(this.profile);
    else if (this.loaded) this.status.textContent = t("profileUnavailable");
  }

  private setExpanded(expanded: boolean): void {
    this.toggle.setAttribute("aria-expanded", String(expanded));
    this.body.hidden = !expanded;
  }

  private async load(): Promise<void> {
    this.loaded = true;
    if (!this.visitorId) {
      this.status.textContent = t("profileUnavailable");
      return;
    }
    this.status.textContent = t("profileLoading");
    try {
      this.profile = await api.patron(this.visitorId);
      this.render(this.profile);
    } catch (error) {
      this.status.textContent = error instanceof ApiError && error.code === "not_found" ? t("profileUnavailable") : errorText(error);
    }
  }

  private async saveKeyPatron(flag: boolean): Promise<void> {
    if (!this.profile) return;
    this.keyPatron.disabled = true;
    try {
      await api.setKeyPatron(this.profile.visitorId, flag);
      this.profile = { ...this.profile, keyPatron: flag };
      this.root.dataset.keyPatron = String(flag);
      this.status.textContent = t(flag ? "keyPatronOn" : "keyPatronOff");
    } catch (error) {
      this.keyPatron.checked = !flag;
      this.actions.failed(error);
    } finally {
      this.keyPatron.disabled = !this.enabled;
    }
  }

  private render(profile: PatronProfile): void {
    this.status.textContent = "";
    this.root.dataset.keyPatron = String(profile.keyPatron);
    const details = el("dl", { className: "facts" });
    addRow(details, t("profileName"), profile.details.name);
    addRow(details, t("profileEmail"), profile.details.email);
    addRow(details, t("profileCard"), profile.details.cardNumber);

    const [nameKey, helpKey] = segmentKeys[profile.segment] ?? segmentKeys.occasional;
    const segment = el("p", { className: "profile-segment", "data-testid": "profile-segment", "data-segment": profile.segment });
    segment.append(el("strong", {}, t(nameKey)), el("span", {}, ` — ${t(helpKey)}`));
    const segmentLabel = el("p", { className: "profile-label" }, t("profileSegment"));

    const scores = el("dl", { className: "facts profile-scores" });
    const s = profile.scores;
    addRow(scores, t("scoreRecency"), s.recencyDays === null ? null : s.recencyDays === 0 ? t("recencyToday") : t("recencyDays", { days: s.recencyDays }));
    addRow(scores, t("scoreFrequency"), String(s.frequency));
    addRow(scores, t("scoreRecent"), String(s.recentChats));
    addRow(scores, t("scoreEffort"), String(s.effortMinutes));

    this.keyPatron.checked = profile.keyPatron;
    this.keyPatron.disabled = !this.enabled;
    const keyLabel = el("label", { className: "check profile-key" });
    keyLabel.append(this.keyPatron, " ", this.keyPatronText);

    this.content.replaceChildren(details, segmentLabel, segment, scores, keyLabel, ...this.history(profile), ...this.timeline(profile));
  }

  private history(profile: PatronProfile): HTMLElement[] {
    const earlier = profile.history.filter((v) => v.conversationId !== this.conversationId);
    const heading = el("h4", { className: "profile-subheading" }, t("profileHistory"));
    if (earlier.length === 0) return [heading, el("p", { className: "empty" }, t("profileNoHistory"))];
    const list = el("ul", { className: "profile-history", "data-testid": "profile-history" });
    for (const visit of earlier) {
      const button = this.transcriptButton(visit.conversationId, "profile-history-row");
      const rating = visit.rating === null ? "" : ` · ${t("ratingOutOfFive", { score: visit.rating })}`;
      button.append(
        el("span", { className: "profile-when" }, `${formatDateTime(visit.createdAt)} · ${stateLabel(visit.state)}${rating}`),
        el("span", { className: "profile-what" }, preview(visit.question, 80)),
      );
      const item = el("li");
      item.append(button);
      list.append(item);
    }
    return [heading, list];
  }

  private timeline(profile: PatronProfile): HTMLElement[] {
    const heading = el("h4", { className: "profile-subheading" }, t("profileTimeline"));
    const { items, total } = profile.timeline;
    if (items.length === 0) return [heading, el("p", { className: "empty" }, t("timelineEmpty"))];
    const list = el("ol", { className: "profile-timeline", "data-testid": "profile-timeline" });
    for (const entry of items) list.append(this.timelineItem(entry));
    const count = el("p", { className: "hint" }, t("timelineShown", { shown: items.length, total }));
    return [heading, count, list];
  }

  private timelineItem(entry: TimelineEntry): HTMLLIElement {
    const item = el("li", { className: "timeline-entry", "data-testid": "timeline-entry", "data-kind": entry.kind });
    const label = t(timelineKeys[entry.kind] ?? "tlChat", { score: entry.score ?? "" });
    const outcome = entry.kind === "chat" && entry.outcome ? ` · ${stateLabel(entry.outcome as Parameters<typeof stateLabel>[0])}` : "";
    const meta = el("p", { className: "profile-when" });
    meta.append(el("time", { dateTime: entry.at }, formatDateTime(entry.at)), ` · ${label}${outcome}`);
    item.append(meta);
    const what = entry.comment ?? entry.title ?? null;
    // Chats and ratings link to their transcript; other entries are text.
    if ((entry.kind === "chat" || entry.kind === "rating") && entry.conversationId) {
      const button = this.transcriptButton(entry.conversationId, "timeline-transcript");
      button.append(el("span", { className: "profile-what" }, preview(what ?? t("ratingsOpen"), 80)));
      item.append(button);
    } else if (what) {
      item.append(el("p", { className: "profile-what" }, preview(what, 80)));
    }
    return item;
  }

  private transcriptButton(conversationId: string, testId: string): HTMLButtonElement {
    const button = el("button", {
      type: "button",
      className: "profile-link",
      "data-testid": testId,
      "data-conversation-id": conversationId,
    });
    button.addEventListener("click", () => void openTranscript(conversationId, this.actions.queueName).catch(this.actions.failed));
    return button;
  }
}
