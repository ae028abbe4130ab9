// The reports API (GET /api/reports, /api/reports/{name}); shapes mirror server/Reports/ReportResult.cs.
export interface ReportMeasure {
  name: string;
  value: number | null;
}

export type Cell = string | number | null;

export interface Report {
  report: string;
  from: string;
  to: string;
  queue: string | null;
  timeZone: string;
  summary: ReportMeasure[];
  columns: string[];
  rows: Cell[][];
}

export interface ReportIndex {
  reports: string[];
  queues: { id: string; name: string; nameZh: string | null }[];
  timeZone: string;
  from: string;
  to: string;
  deflectionWindowMinutes: number;
}

export interface Filters {
  from: string;
  to: string;
  queue: string;
}

export function query(filters: Filters): string {
  const params = new URLSearchParams({ from: filters.from, to: filters.to });
  if (filters.queue) params.set("queue", filters.queue);
  return params.toString();
}

export function csvUrl(name: string, filters: Filters): string {
  return `/api/reports/${encodeURIComponent(name)}.csv?${query(filters)}`;
}

export async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
  if (response.status === 401) {
    location.href = `/staff/login?returnUrl=${encodeURIComponent(location.pathname)}`;
  }
  if (!response.ok) {
    let detail = `${response.status}`;
    try {
      const problem = (await response.json()) as { detail?: string };
      if (problem.detail) detail = problem.detail;
    } catch {
      // Not a problem document; the status code says enough.
    }
    throw new Error(detail);
  }
  return (await response.json()) as T;
}

export const reportsApi = {
  index: () => getJson<ReportIndex>("/api/reports"),
  report: (name: string, filters: Filters) => getJson<Report>(`/api/reports/${encodeURIComponent(name)}?${query(filters)}`),
};

export function measure(report: Report, name: string): number | null {
  return report.summary.find((m) => m.name === name)?.value ?? null;
}
