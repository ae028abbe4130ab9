// Charts of the library-CRM reports (topics, READ scale, offline questions on time, segments), drawn with the
// dashboard's bar chart; multi-series charts get a legend of coloured swatches beside them.
import { el } from "../console/dom";
import { measure, type Report } from "./api";
import { bars } from "./charts";
import { t } from "./i18n";
import type { StringKey } from "./strings";

export const crmTitles: Record<string, StringKey> = {
  topics: "reportTopics",
  "read-scale": "reportReadScale",
  "offline-on-time": "reportOfflineOnTime",
  segments: "reportSegments",
};

export const crmColumnKeys: Record<string, StringKey> = {
  tag: "tag", share: "share", level: "level", week: "week", through: "through", tagged: "tagged", taggedShare: "taggedShare",
  tags: "tags", rated: "rated", ratedShare: "ratedShare", mean: "mean", median: "median", tickets: "tickets", onTime: "onTime",
  late: "late", overdue: "overdue", notYetDue: "notYetDue", closedUnanswered: "closedUnanswered", noDueDate: "noDueDate",
  onTimeRate: "onTimeRate", patrons: "patrons", new: "segNew", occasional: "segOccasional", growing: "segGrowing",
  longTerm: "segLongTerm", lapsed: "segLapsed",
};

const notes: Record<string, StringKey> = {
  topics: "noteTopics",
  "read-scale": "noteReadScale",
  "offline-on-time": "noteOfflineOnTime",
  segments: "noteSegments",
};

/** The most frequent tags the topics chart shows (the table and the CSV have them all). */
const topicsShown = 15;

const onTimeSeries: { column: number; key: StringKey; className: string }[] = [
  { column: 2, key: "onTime", className: "chart-bar" },
  { column: 3, key: "late", className: "chart-bar-alt2" },
  { column: 4, key: "overdue", className: "chart-bar-alt" },
];

const segmentSeries: { column: number; key: StringKey; className: string }[] = [
  { column: 2, key: "segNew", className: "chart-seg-new" },
  { column: 3, key: "segOccasional", className: "chart-seg-occasional" },
  { column: 4, key: "segGrowing", className: "chart-seg-growing" },
  { column: 5, key: "segLongTerm", className: "chart-seg-long-term" },
  { column: 6, key: "segLapsed", className: "chart-seg-lapsed" },
];

export function crmNote(name: string): string | null {
  return notes[name] ? t(notes[name]) : null;
}

export function crmChart(name: string, report: Report): SVGSVGElement | null {
  const title = crmTitles[name] ? t(crmTitles[name]) : name;
  const rows = report.rows;
  const value = (key: string) => measure(report, key) ?? 0;
  switch (name) {
    case "topics": {
      const shown = rows.slice(0, topicsShown);
      return bars(shown.map((r) => String(r[0])), [{ className: "chart-bar", values: shown.map((r) => Number(r[1])) }], title,
        t("descTopics", { tagged: value("tagged"), chats: value("chats"), top: shown.length > 0 ? String(shown[0][0]) : t("none") }), "chart-topics");
    }
    case "read-scale": {
      const mean = measure(report, "mean");
      return bars(rows.map((r) => String(r[0])), [{ className: "chart-bar", values: rows.map((r) => Number(r[1])) }], title,
        t("descReadScale", { rated: value("rated"), answered: value("answered"), mean: mean === null ? "—" : mean.toFixed(2) }), "chart-read-scale");
    }
    case "offline-on-time":
      return bars(rows.map((r) => String(r[0]).slice(5)),
        onTimeSeries.map((s) => ({ className: s.className, values: rows.map((r) => Number(r[s.column])) })), title,
        t("descOfflineOnTime", { tickets: value("tickets"), onTime: value("onTime"), late: value("late"), overdue: value("overdue") }),
        "chart-offline-on-time");
    case "segments":
      return bars(rows.map((r) => String(r[0]).slice(5)),
        segmentSeries.map((s) => ({ className: s.className, values: rows.map((r) => Number(r[s.column])) })), title,
        t("descSegments", { weeks: rows.length, patrons: value("patrons"), longTerm: value("longTerm"), lapsed: value("lapsed") }),
        "chart-segments");
    default:
      return null;
  }
}

/** Which colour is which series, for the charts that draw more than one. */
export function crmLegend(name: string): HTMLElement | null {
  const series = name === "offline-on-time" ? onTimeSeries : name === "segments" ? segmentSeries : null;
  if (!series) return null;
  const legend = el("ul", { className: "legend", "data-testid": `legend-${name}` });
  for (const s of series) {
    const item = el("li");
    item.append(el("span", { className: `swatch ${s.className}`, "aria-hidden": "true" }), t(s.key));
    legend.append(item);
  }
  return legend;
}
