// The reports page's oversight sections (managers and admins): overdue tickets of every queue and the audit
// log. Each loads only when opened: listing tickets is itself a view of patron data, audited by the server.
import { byId, cell, el, table } from "../console/dom";
import { getJson } from "./api";
import { currentLanguage, t } from "./i18n";

interface OverdueTicket {
  id: string;
  queueId: string;
  question: string;
  dueAt: string | null;
  ownerName: string | null;
}

interface AuditEntry {
  at: string;
  staffName: string;
  role: string;
  action: string;
  subjectId: string;
  detail: string | null;
}

interface AuditPage {
  items: AuditEntry[];
  total: number;
  page: number;
  pageSize: number;
}

function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString(currentLanguage() === "zh" ? "zh-CN" : "en-GB") : "—";
}

function failure(host: HTMLElement, error: unknown): void {
  host.replaceChildren(el("p", { className: "form-error", role: "alert" }, t("failed", { error: error instanceof Error ? error.message : String(error) })));
}

function onFirstOpen(id: string, load: () => Promise<void>): void {
  const details = byId<HTMLDetailsElement>(id);
  details.addEventListener("toggle", () => {
    if (!details.open || details.dataset.loaded) return;
    details.dataset.loaded = "true";
    void load();
  });
}

async function loadOverdue(): Promise<void> {
  const host = byId("overdue-table");
  try {
    const tickets = await getJson<OverdueTicket[]>("/api/staff/tickets/?overdue=true");
    if (tickets.length === 0) {
      host.replaceChildren(el("p", { className: "hint", "data-testid": "no-overdue" }, t("noOverdue")));
      return;
    }
    const { table: list, body } = table(t("overdueTickets"), [t("ticket"), t("queue"), t("due"), t("owner"), t("question")]);
    for (const ticket of tickets) {
      const row = el("tr", { "data-testid": "overdue-row" });
      cell(row, ticket.id);
      cell(row, ticket.queueId);
      cell(row, when(ticket.dueAt));
      cell(row, ticket.ownerName);
      cell(row, ticket.question.length > 80 ? `${ticket.question.slice(0, 80)}…` : ticket.question);
      body.append(row);
    }
    host.replaceChildren(list);
  } catch (error) {
    failure(host, error);
  }
}

async function loadAudit(page: number): Promise<void> {
  const host = byId("audit-table");
  try {
    const result = await getJson<AuditPage>(`/api/admin/audit?page=${page}`);
    const { table: list, body } = table(t("auditLog"), [t("at"), t("staff"), t("role"), t("action"), t("subject"), t("detail")]);
    for (const entry of result.items) {
      const row = el("tr", { "data-testid": "audit-row", "data-action": entry.action });
      cell(row, when(entry.at));
      cell(row, entry.staffName);
      cell(row, entry.role);
      cell(row, entry.action);
      cell(row, entry.subjectId);
      cell(row, entry.detail);
      body.append(row);
    }
    const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
    const pager = el("div", { className: "audit-pager" });
    const newer = el("button", { type: "button", className: "quiet", disabled: result.page <= 1 }, t("newer"));
    const older = el("button", { type: "button", className: "quiet", disabled: result.page >= pages }, t("older"));
    newer.addEventListener("click", () => void loadAudit(result.page - 1));
    older.addEventListener("click", () => void loadAudit(result.page + 1));
    pager.append(newer, el("span", { role: "status" }, t("auditPage", { page: result.page, pages, total: result.total })), older);
    host.replaceChildren(list, pager);
  } catch (error) {
    failure(host, error);
  }
}

export function initOversight(): void {
  onFirstOpen("overdue-details", loadOverdue);
  onFirstOpen("audit-details", () => loadAudit(1));
}
