// Fetch wrappers for the console's REST calls (StaffApi in protocol.ts). The staff cookie
// authenticates them; unsafe methods also carry the anti-forgery token that the server rendered
// into the page (the hidden __RequestVerificationToken input of the logout form), in ASP.NET
// Core's default header.
import type { KbArticleView, KbEventInput, KbSuggestion } from "../shared/knowledge";
import type { MyRatings, PatronProfile } from "../shared/patron";
import {
  StaffApi,
  type CannedResponse,
  type ChatClassification,
  type ClassificationInput,
  type CannedResponseInput,
  type LibrarianPresence,
  type OfflineQuestion,
  type FollowUpInput,
  type TicketAnswerInput,
  type TicketSettings,
  type TicketStatus,
  type TicketView,
  type TranscriptView,
  type TranscriptPage,
} from "../shared/protocol";

/**
 * GET /api/staff/me. docs/protocol.md promises LibrarianPresence plus role; the server currently
 * sends only staffId, displayName and role, so the rest is optional here.
 */
export type StaffMe = Pick<LibrarianPresence, "staffId" | "displayName"> & Partial<LibrarianPresence> & { role: string };

/** A row of GET /api/admin/staff (the server's StaffAccountView; protocol.ts does not define it yet). */
export interface StaffAccount {
  id: string;
  userName: string;
  displayName: string;
  role: string;
  queues: string[];
  capacity: number | null;
  disabled: boolean;
}

export interface StaffAccountInput {
  userName: string;
  displayName: string;
  role: "librarian" | "editor" | "admin";
  password: string;
  queues: string[];
  /** Where ticket reminders go; null for none. */
  email: string | null;
}

/** A failed REST call; `code` is the problem document's `type` (an ErrorCode) when there is one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
    message: string,
  ) {
    super(message);
  }
}

export interface TranscriptQuery {
  from: string;
  to: string;
  queue: string;
  q: string;
  page: number;
}

export const loginUrl = `/staff/login?returnUrl=${encodeURIComponent("/staff/")}`;

export function antiforgeryToken(): string | null {
  const input = document.querySelector<HTMLInputElement>('input[type="hidden"][name="__RequestVerificationToken"]');
  return input?.value ?? null;
}

/**
 * One REST call from a staff page (console, workbench): the anti-forgery token on unsafe methods, a problem
 * document turned into ApiError, and a 401 (the cookie expired) sends the browser to sign in and come back
 * to `returnTo`.
 */
export async function staffRequest<T>(method: string, url: string, body?: unknown,
  options: { returnTo?: string; accept?: string } = {}): Promise<T> {
  const accept = options.accept ?? "application/json";
  const headers: Record<string, string> = { Accept: accept };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const token = method === "GET" ? null : antiforgeryToken();
  if (token) headers["RequestVerificationToken"] = token;
  const response = await fetch(url, {
    method,
    headers,
    credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401) {
    window.location.assign(`/staff/login?returnUrl=${encodeURIComponent(options.returnTo ?? "/staff/")}`);
    throw new ApiError(401, null, "Signed out");
  }
  if (!response.ok) throw await problemOf(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  if (accept !== "application/json") return text as T;
  return (text.length > 0 ? JSON.parse(text) : undefined) as T;
}

const request = <T>(method: string, url: string, body?: unknown): Promise<T> => staffRequest<T>(method, url, body);

export async function problemOf(response: Response): Promise<ApiError> {
  try {
    const problem = (await response.json()) as { type?: string; title?: string; detail?: string };
    const code = problem.type && /^[a-z_]+$/.test(problem.type) ? problem.type : null;
    return new ApiError(response.status, code, problem.detail ?? problem.title ?? response.statusText);
  } catch {
    return new ApiError(response.status, null, response.statusText || `HTTP ${response.status}`);
  }
}

export const api = {
  me: () => request<StaffMe>("GET", StaffApi.me),
  canned: () => request<CannedResponse[]>("GET", StaffApi.canned),
  createCanned: (input: CannedResponseInput) => request<CannedResponse>("POST", StaffApi.canned, input),
  updateCanned: (id: string, input: CannedResponseInput) =>
    request<CannedResponse>("PUT", StaffApi.cannedItem(id), input),
  deleteCanned: (id: string) => request<void>("DELETE", StaffApi.cannedItem(id)),
  offlineQuestions: () => request<OfflineQuestion[]>("GET", StaffApi.offlineQuestions),
  tickets: (filter: { status: TicketStatus | ""; mine: boolean; overdue: boolean }) => {
    const query = new URLSearchParams();
    if (filter.status) query.set("status", filter.status);
    if (filter.mine) query.set("mine", "true");
    if (filter.overdue) query.set("overdue", "true");
    return request<TicketView[]>("GET", `${StaffApi.tickets}?${query.toString()}`);
  },
  ticketSettings: () => request<TicketSettings>("GET", StaffApi.ticketSettings),
  ticket: (id: string) => request<TicketView>("GET", StaffApi.ticket(id)),
  claimTicket: (id: string) => request<TicketView>("POST", StaffApi.ticketAction(id, "claim"), {}),
  releaseTicket: (id: string) => request<TicketView>("POST", StaffApi.ticketAction(id, "release"), {}),
  addTicketNote: (id: string, text: string) => request<TicketView>("POST", StaffApi.ticketAction(id, "notes"), { text }),
  answerTicket: (id: string, input: TicketAnswerInput) => request<TicketView>("POST", StaffApi.ticketAction(id, "answer"), input),
  setTicketStatus: (id: string, status: TicketStatus) => request<TicketView>("POST", StaffApi.ticketAction(id, "status"), { status }),
  followUp: (conversationId: string, input: FollowUpInput) => request<TicketView>("POST", StaffApi.followUp(conversationId), input),
  staff: () => request<StaffAccount[]>("GET", StaffApi.staff),
  createStaff: (input: StaffAccountInput) => request<StaffAccount>("POST", StaffApi.staff, input),
  transcript: (id: string) => request<TranscriptView>("GET", StaffApi.transcript(id)),
  transcripts: (query: TranscriptQuery) => {
    const params = new URLSearchParams();
    if (query.from) params.set("from", query.from);
    if (query.to) params.set("to", query.to);
    if (query.queue) params.set("queue", query.queue);
    if (query.q) params.set("q", query.q);
    params.set("page", String(query.page));
    return request<TranscriptPage>("GET", `${StaffApi.transcripts}?${params.toString()}`);
  },
  kbSuggest: (q: string, lang: string | null) => {
    const params = new URLSearchParams({ q });
    if (lang) params.set("lang", lang);
    return request<KbSuggestion[]>("GET", `${StaffApi.kbSuggest}?${params.toString()}`);
  },
  kbArticle: (id: string) => request<KbArticleView>("GET", StaffApi.kbArticle(id)),
  kbEvent: (input: KbEventInput) => request<void>("POST", StaffApi.kbEvents, input),
  patron: (visitorId: string) => request<PatronProfile>("GET", StaffApi.patron(visitorId)),
  setKeyPatron: (visitorId: string, keyPatron: boolean) => request<void>("PUT", StaffApi.keyPatron(visitorId), { keyPatron }),
  ratings: (from: string, to: string) => {
    const params = new URLSearchParams();
    if (from) params.set("from", from);
    if (to) params.set("to", to);
    return request<MyRatings>("GET", `${StaffApi.ratings}?${params.toString()}`);
  },
  classification: (conversationId: string) => request<ChatClassification>("GET", StaffApi.classification(conversationId)),
  classify: (conversationId: string, input: ClassificationInput) =>
    request<ChatClassification>("PUT", StaffApi.classification(conversationId), input),
};
