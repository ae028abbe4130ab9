// The managers' reports dashboard (/staff/reports, managers and admins): filters, headline cards, and one section per
// report with an SVG chart, the same numbers as a table, and a CSV download of exactly those numbers.
import { byId, el } from "../console/dom";
import { csvUrl, measure, reportsApi, type Cell, type Filters, type Report, type ReportIndex } from "./api";
import { bars, heatmap } from "./charts";
import { crmChart, crmColumnKeys, crmLegend, crmNote, crmTitles } from "./crm-charts";
import { applyTranslations, currentLanguage, setLanguage, t, type Language } from "./i18n";
import { initOversight } from "./oversight";
import type { StringKey } from "./strings";

let index: ReportIndex | null = null;
let last: { filters: Filters; reports: Map<string, Report> } | null = null;

const titles: Record<string, StringKey> = {
  "hour-of-week": "reportHourOfWeek",
  volume: "reportVolume",
  wait: "reportWait",
  "first-response": "reportFirstResponse",
  duration: "reportDuration",
  outcomes: "reportOutcomes",
  ratings: "reportRatings",
  deflection: "reportDeflection",
  "kb-usage": "reportKbUsage",
  ...crmTitles,
};

const columnKeys: Record<string, StringKey> = {
  day: "day", date: "date", chats: "chats", answered: "answered", abandoned: "abandoned", missed: "missed", open: "open",
  score: "score", count: "count", queue: "queue", articleId: "article", title: "article", shown: "shown", opened: "opened",
  inserted: "inserted", helpful: "helpful", notHelpful: "notHelpful", fromSeconds: "bucket",
  visitorsOpened: "visitorsOpened", visitorsDeflected: "visitorsDeflected", deflectionRate: "deflectionRate",
  ...crmColumnKeys,
};

function dayLabel(day: Cell): string {
  return typeof day === "string" && ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].includes(day)
    ? t(day as StringKey) : String(day);
}

function duration(seconds: number | null): string {
  if (seconds === null) return "—";
  if (seconds < 60) return t("seconds", { n: Math.round(seconds * 10) / 10 });
  if (seconds < 3600) return t("minutes", { n: Math.round((seconds / 60) * 10) / 10 });
  return t("hours", { n: Math.round((seconds / 3600) * 10) / 10 });
}

function percent(rate: number | null): string {
  return rate === null ? "—" : `${Math.round(rate * 1000) / 10}%`;
}

function bucketLabel(row: Cell[]): string {
  const from = Number(row[0]);
  return row[1] === null ? `≥ ${duration(from)}` : `${duration(from)} – ${duration(Number(row[1]))}`;
}

/** Where a value falls on a histogram's x axis, in buckets (see charts.bars markers). */
function markerPosition(rows: Cell[][], value: number): number {
  for (let i = 0; i < rows.length; i++) {
    const from = Number(rows[i][0]);
    const to = rows[i][1] === null ? null : Number(rows[i][1]);
    if (value >= from && (to === null || value < to)) {
      return i + (to === null ? Math.min(0.9, (value - from) / Math.max(from, 1)) : (value - from) / (to - from));
    }
  }
  return 0;
}

function filtersFromForm(): Filters {
  return {
    from: byId<HTMLInputElement>("report-from").value,
    to: byId<HTMLInputElement>("report-to").value,
    queue: byId<HTMLSelectElement>("report-queue").value,
  };
}

function fillQueues(): void {
  if (!index) return;
  const select = byId<HTMLSelectElement>("report-queue");
  const chosen = select.value;
  select.replaceChildren(el("option", { value: "" }, t("allQueues")));
  for (const q of index.queues) {
    select.append(el("option", { value: q.id }, currentLanguage() === "zh" && q.nameZh ? q.nameZh : q.name));
  }
  select.value = chosen;
}

async function load(): Promise<void> {
  const filters = filtersFromForm();
  const status = byId("report-status");
  status.textContent = t("loading");
  try {
    const names = index?.reports ?? Object.keys(titles);
    const results = await Promise.all(names.map((name) => reportsApi.report(name, filters)));
    last = { filters, reports: new Map(results.map((r) => [r.report, r])) };
    render();
    const any = results[0];
    status.textContent = any ? t("loaded", { from: any.from, to: any.to, zone: any.timeZone }) : "";
  } catch (error) {
    status.textContent = t("failed", { error: error instanceof Error ? error.message : String(error) });
  }
}

function render(): void {
  if (!last) return;
  const { reports, filters } = last;
  renderCards(reports);
  const host = byId("report-sections");
  host.replaceChildren();
  for (const [name, report] of reports) host.append(section(name, report, filters));
}

function renderCards(reports: Map<string, Report>): void {
  const cards = byId("report-cards");
  cards.replaceChildren();
  const add = (label: StringKey, value: string, testId: string) => {
    const card = el("div", { className: "card", "data-testid": testId });
    card.append(el("dt", {}, t(label)), el("dd", {}, value));
    cards.append(card);
  };
  const get = (name: string, key: string) => {
    const report = reports.get(name);
    return report ? measure(report, key) : null;
  };
  const pair = (name: string) => `${duration(get(name, "p50Seconds"))} / ${duration(get(name, "p90Seconds"))}`;
  add("cardChats", String(get("volume", "chats") ?? 0), "card-chats");
  add("cardAnswered", String(get("volume", "answered") ?? 0), "card-answered");
  add("cardAbandonedRate", percent(get("outcomes", "abandonedRate")), "card-abandoned");
  add("cardMissed", String(get("volume", "missed") ?? 0), "card-missed");
  add("cardWait", pair("wait"), "card-wait");
  add("cardFirstResponse", pair("first-response"), "card-first-response");
  add("cardDuration", pair("duration"), "card-duration");
  const mean = get("ratings", "mean");
  add("cardRating", mean === null ? "—" : mean.toFixed(2), "card-rating");
  add("cardDeflection", percent(get("deflection", "deflectionRate")), "card-deflection");
  add("cardTagged", percent(get("topics", "taggedShare")), "card-tagged");
  const readMean = get("read-scale", "mean");
  add("cardReadMean", readMean === null ? "—" : readMean.toFixed(2), "card-read-mean");
  add("cardOnTime", percent(get("offline-on-time", "onTimeRate")), "card-on-time");
}

function section(name: string, report: Report, filters: Filters): HTMLElement {
  const headingId = `report-${name}-heading`;
  const root = el("section", { className: `report${["hour-of-week", "volume", "kb-usage", "segments"].includes(name) ? " wide" : ""}`,
    "aria-labelledby": headingId, "data-report": name, "data-testid": `report-${name}` });
  const head = el("div", { className: "report-head" });
  head.append(
    el("h2", { id: headingId }, t(titles[name] ?? "reportVolume")),
    el("a", { href: csvUrl(name, filters), download: "", "data-testid": `csv-${name}` }, t("downloadCsv")),
  );
  root.append(head);
  const note = noteFor(name, report);
  if (note) root.append(el("p", { className: "note" }, note));
  const chart = chartFor(name, report);
  if (chart) {
    const figure = el("figure");
    figure.append(chart);
    const legend = crmLegend(name);
    if (legend) figure.append(legend);
    root.append(figure);
  }
  if (report.columns.length > 0) {
    const details = el("details", chart ? {} : { open: true });
    details.append(el("summary", {}, t("showTable")), dataTable(name, report));
    root.append(details);
  }
  root.append(summaryList(report));
  return root;
}

function noteFor(name: string, report: Report): string | null {
  switch (name) {
    case "hour-of-week": return t("noteHourOfWeek", { zone: report.timeZone });
    case "wait": return t("noteWait");
    case "first-response": return t("noteFirstResponse");
    case "duration": return t("noteDuration");
    case "outcomes": return t("noteOutcomes");
    case "deflection": return t("noteDeflection", { minutes: measure(report, "windowMinutes") ?? 30 });
    default: return crmNote(name);
  }
}

function chartFor(name: string, report: Report): SVGSVGElement | null {
  const title = t(titles[name] ?? "reportVolume");
  const rows = report.rows;
  switch (name) {
    case "hour-of-week":
      return heatmap(
        rows.map((r) => ({ label: dayLabel(r[0]), counts: r.slice(1).map(Number) })),
        (h) => String(h).padStart(2, "0"),
        (day, hour, n) => `${day} ${String(hour).padStart(2, "0")}:00 — ${n}`,
        title, t("descHeatmap", { chats: measure(report, "chats") ?? 0, peak: measure(report, "peakCell") ?? 0 }));
    case "volume":
      return bars(rows.map((r) => String(r[0]).slice(5)),
        [{ className: "chart-bar", values: rows.map((r) => Number(r[1])) },
          { className: "chart-bar-alt", values: rows.map((r) => Number(r[3])) },
          { className: "chart-bar-alt2", values: rows.map((r) => Number(r[4])) }],
        title, t("descVolume", { days: rows.length, chats: measure(report, "chats") ?? 0, abandoned: measure(report, "abandoned") ?? 0, missed: measure(report, "missed") ?? 0 }),
        "chart-volume");
    case "wait":
    case "first-response":
    case "duration": {
      const p50 = measure(report, "p50Seconds");
      const p90 = measure(report, "p90Seconds");
      const markers = [] as { at: number; label: string }[];
      if (p50 !== null) markers.push({ at: markerPosition(rows, p50), label: `${t("p50")} ${duration(p50)}` });
      if (p90 !== null) markers.push({ at: markerPosition(rows, p90), label: `${t("p90")} ${duration(p90)}` });
      return bars(rows.map(bucketLabel), [{ className: "chart-bar", values: rows.map((r) => Number(r[2])) }], title,
        t("descHistogram", { count: measure(report, "count") ?? 0, p50: duration(p50), p90: duration(p90) }), `chart-${name}`, markers);
    }
    case "ratings": {
      const mean = measure(report, "mean");
      return bars(rows.map((r) => t("stars", { n: Number(r[0]) })), [{ className: "chart-bar", values: rows.map((r) => Number(r[1])) }], title,
        t("descRatings", { count: measure(report, "count") ?? 0, mean: mean === null ? "—" : mean.toFixed(2) }), "chart-ratings");
    }
    default:
      return crmChart(name, report);
  }
}

function dataTable(name: string, report: Report): HTMLElement {
  const table = el("table", { className: "data-table" });
  table.append(el("caption", { className: "visually-hidden" }, t(titles[name] ?? "reportVolume")));
  const head = el("thead");
  const headRow = el("tr");
  const isHistogram = report.columns[0] === "fromSeconds";
  const columns = isHistogram ? ["fromSeconds", "count"] : report.columns;
  for (const c of columns) headRow.append(el("th", { scope: "col" }, columnKeys[c] ? t(columnKeys[c]) : c));
  head.append(headRow);
  const body = el("tbody");
  for (const row of report.rows) {
    const tr = el("tr");
    const cells: Cell[] = isHistogram ? [bucketLabel(row), row[2]] : row;
    cells.forEach((value, i) => {
      const column = columns[i];
      const text = value === null ? "—" : i === 0 ? dayLabel(value) : column === "share" ? percent(Number(value)) : String(value);
      tr.append(i === 0 ? el("th", { scope: "row" }, text) : el("td", {}, text));
    });
    body.append(tr);
  }
  table.append(head, body);
  const scroll = el("div", { className: "table-scroll" });
  scroll.append(table);
  return scroll;
}

function summaryList(report: Report): HTMLElement {
  const list = el("dl", { className: "facts" });
  for (const m of report.summary) {
    if (m.name === "peakCell" || m.name === "windowMinutes") continue;
    const key = columnKeys[m.name];
    let value: string;
    if (m.value === null) value = "—";
    else if (m.name.endsWith("Seconds")) value = duration(m.value);
    else if (m.name.endsWith("Rate") || m.name.endsWith("Share")) value = percent(m.value);
    else value = String(m.value);
    list.append(el("dt", {}, key ? t(key) : m.name), el("dd", {}, value));
  }
  return list;
}

/** Navigation per role (body data-role, rendered by the server): the chat console only for roles that chat. */
function showNavigation(): void {
  const role = document.body.dataset.role;
  byId("console-link").hidden = !(role === "admin" || role === "librarian");
}

async function start(): Promise<void> {
  applyTranslations(document);
  showNavigation();
  initOversight();
  const language = byId<HTMLSelectElement>("language-select");
  language.value = currentLanguage();
  language.addEventListener("change", () => {
    setLanguage(language.value as Language);
    fillQueues();
    render();
  });
  byId<HTMLFormElement>("report-filters").addEventListener("submit", (event) => {
    event.preventDefault();
    void load();
  });
  try {
    index = await reportsApi.index();
  } catch (error) {
    byId("report-status").textContent = t("failed", { error: error instanceof Error ? error.message : String(error) });
    return;
  }
  byId<HTMLInputElement>("report-from").value = index.from;
  byId<HTMLInputElement>("report-to").value = index.to;
  fillQueues();
  await load();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => void start());
else void start();
