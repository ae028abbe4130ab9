// Charts as inline SVG built with DOM calls (createElementNS + textContent): no innerHTML, no library,
// nothing the staff CSP would block. Colours are CSS classes in reports.css. Every chart is role="img"
// with a <title> and <desc>; the page puts the same numbers in a table beside it.
const svgNs = "http://www.w3.org/2000/svg";
let nextId = 0;

type SvgAttrs = Record<string, string | number>;

function svgEl<K extends keyof SVGElementTagNameMap>(tag: K, attrs: SvgAttrs = {}, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

function frame(width: number, height: number, title: string, description: string, testId: string): SVGSVGElement {
  const id = `chart-${++nextId}`;
  const svg = svgEl("svg", {
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    role: "img",
    "aria-labelledby": `${id}-title ${id}-desc`,
    "data-testid": testId,
  });
  svg.append(svgEl("title", { id: `${id}-title` }, title), svgEl("desc", { id: `${id}-desc` }, description));
  return svg;
}

/** A 7 × 24 grid: rows are days (Monday first), columns hours; the shade says how many chats started. */
export function heatmap(rows: { label: string; counts: number[] }[], hourLabel: (h: number) => string, cellTitle: (day: string, hour: number, n: number) => string,
  title: string, description: string): SVGSVGElement {
  const cell = 24, left = 44, top = 18;
  const svg = frame(left + cell * 24 + 4, top + cell * rows.length + 4, title, description, "heatmap");
  const peak = Math.max(1, ...rows.flatMap((r) => r.counts));
  for (let h = 0; h < 24; h += 3) {
    svg.append(svgEl("text", { x: left + h * cell + 2, y: 12, class: "chart-label" }, hourLabel(h)));
  }
  rows.forEach((row, d) => {
    svg.append(svgEl("text", { x: 0, y: top + d * cell + 16, class: "chart-label" }, row.label));
    row.counts.forEach((n, h) => {
      const shade = n === 0 ? 0 : Math.min(5, 1 + Math.floor((n / peak) * 4.999));
      const rect = svgEl("rect", { x: left + h * cell, y: top + d * cell, width: cell, height: cell, class: `heat-cell heat-${shade}`, "data-count": n });
      rect.append(svgEl("title", {}, cellTitle(row.label, h, n)));
      svg.append(rect);
    });
  });
  return svg;
}

export interface BarSeries {
  className: string;
  values: number[];
}

/**
 * Vertical bars, one group per label; the series are drawn side by side. `markers` are vertical dashed
 * lines at fractional positions along the x axis (0 = left edge of the first group, n = right edge of the last).
 */
export function bars(labels: string[], series: BarSeries[], title: string, description: string, testId: string,
  markers: { at: number; label: string }[] = []): SVGSVGElement {
  const left = 36, bottom = 34, top = 16, height = 180;
  const group = Math.max(18, Math.min(64, Math.floor(640 / Math.max(1, labels.length))));
  const width = left + group * labels.length + 8;
  const svg = frame(width, top + height + bottom, title, description, testId);
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const y = (v: number) => top + height - (v / max) * height;
  svg.append(svgEl("line", { x1: left, y1: top + height, x2: width - 4, y2: top + height, class: "chart-axis" }));
  svg.append(svgEl("line", { x1: left, y1: top, x2: left, y2: top + height, class: "chart-axis" }));
  svg.append(svgEl("text", { x: 2, y: top + 8, class: "chart-label" }, String(max)));
  svg.append(svgEl("text", { x: 2, y: top + height, class: "chart-label" }, "0"));
  const barWidth = Math.max(3, (group - 4) / series.length);
  const labelEvery = Math.ceil(labels.length / 16);
  labels.forEach((label, i) => {
    series.forEach((s, k) => {
      const v = s.values[i] ?? 0;
      const rect = svgEl("rect", {
        x: left + i * group + 2 + k * barWidth, y: y(v), width: barWidth - 1, height: Math.max(0, top + height - y(v)),
        class: `chart-bar-rect ${s.className}`, "data-value": v,
      });
      rect.append(svgEl("title", {}, `${label}: ${v}`));
      svg.append(rect);
    });
    if (i % labelEvery === 0) svg.append(svgEl("text", { x: left + i * group + 2, y: top + height + 14, class: "chart-label" }, label));
  });
  markers.forEach((m, k) => {
    const x = left + m.at * group;
    svg.append(svgEl("line", { x1: x, y1: top - 4, x2: x, y2: top + height, class: "chart-marker", "data-marker": m.label }));
    svg.append(svgEl("text", { x: x + 3, y: k === 0 ? top + height + 28 : top + 8, class: "chart-marker-label" }, m.label));
  });
  return svg;
}
