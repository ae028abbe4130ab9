// Admin REST calls for identified patrons (docs/crm.md, docs/protocol.md): CSV import with a dry run,
// duplicate suggestions, merges and their undo. Kept apart from api.ts because the upload is a form, not JSON,
// and a refused import still carries its report.
import { ApiError, antiforgeryToken, problemOf, staffRequest } from "./api";

export const PatronAdminApi = {
  importCsv: (dryRun: boolean) => `/api/admin/patrons/import?dryRun=${dryRun ? "true" : "false"}`, // POST multipart or text/csv => ImportReport
  duplicates: "/api/admin/patrons/duplicates", // GET => DuplicateSuggestion[]
  merges: "/api/admin/patrons/merges", // GET => PatronMerge[]; POST { targetKey, sourceKey } => PatronMerge
  merge: (id: string) => `/api/admin/patrons/merges/${encodeURIComponent(id)}`, // DELETE => PatronMerge (undone)
} as const;

export interface ImportRejection {
  line: number;
  /** A column name, "#n" for an unnamed header cell, or "*" for the whole row. */
  column: string;
  reason: string;
}

export interface ImportReport {
  dryRun: boolean;
  imported: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: ImportRejection[];
}

export interface ProfileSummary {
  profileKey: string;
  name: string | null;
  email: string | null;
  cardNumber: string | null;
  phone: string | null;
  visitors: number;
  chats: number;
  lastChatAt: string | null;
  visitorIds: string[];
}

export interface DuplicateSuggestion {
  /** "email" or "phone": what the profiles share. */
  reason: string;
  value: string;
  profiles: ProfileSummary[];
}

export interface PatronMerge {
  id: string;
  sourceKey: string;
  targetKey: string;
  at: string;
  byStaffId: string;
  byName: string;
  undoneAt?: string | null;
}

/** Uploads the file; a refused import (400 with a report) resolves with that report rather than throwing. */
export async function uploadPatrons(file: File, dryRun: boolean): Promise<ImportReport> {
  const form = new FormData();
  form.append("file", file, file.name);
  const headers: Record<string, string> = { Accept: "application/json" };
  const token = antiforgeryToken();
  if (token) headers["RequestVerificationToken"] = token;
  const response = await fetch(PatronAdminApi.importCsv(dryRun), { method: "POST", headers, body: form, credentials: "same-origin" });
  if (response.ok) return (await response.json()) as ImportReport;
  if (response.status === 400) {
    const body = (await response.clone().json().catch(() => null)) as { report?: ImportReport } | null;
    if (body?.report) return body.report;
  }
  if (response.status === 401) throw new ApiError(401, null, "Signed out");
  throw await problemOf(response);
}

export const patronAdmin = {
  duplicates: () => staffRequest<DuplicateSuggestion[]>("GET", PatronAdminApi.duplicates),
  merges: () => staffRequest<PatronMerge[]>("GET", PatronAdminApi.merges),
  merge: (targetKey: string, sourceKey: string) => staffRequest<PatronMerge>("POST", PatronAdminApi.merges, { targetKey, sourceKey }),
  unmerge: (id: string) => staffRequest<PatronMerge>("DELETE", PatronAdminApi.merge(id)),
};
