// The one place where hub paths, method names, event names and payload shapes live for
// TypeScript. The server's C# contract (server/Chat/Contracts) mirrors this file, and a test
// (tests/AskLibrary.Tests/Chat/ProtocolContractTests) fails when the two drift apart.
// Prose documentation of every item: docs/protocol.md.

export const PatronHubPath = "/hubs/patron";
export const StaffHubPath = "/hubs/staff";
export const VisitorsApiPath = "/api/visitors";

export type ConversationState = "waiting" | "active" | "closed" | "abandoned";
export type MessageKind = "patron" | "librarian" | "system" | "note";
export type SystemEvent =
  | "created"
  | "joined"
  | "transferred"
  | "requeued"
  | "ended"
  | "abandoned"
  | "rated"
  | "restarting";
export type Presence = "available" | "away" | "offline";
export type AssignmentPolicy = "offer" | "auto";
export type QueueAvailability = "open" | "closed" | "nobody_available";
export type TypingParty = "patron" | "librarian";

/** Error codes carried by hub errors as "code: human text". */
export type ErrorCode =
  | "invalid_argument"
  | "too_large"
  | "not_found"
  | "forbidden"
  | "invalid_state"
  | "queue_offline"
  | "conversation_open"
  | "already_claimed"
  | "capacity_full"
  | "not_assigned"
  | "rate_limited"
  | "internal_error"
  | "unavailable";

export interface VisitorSession {
  visitorId: string;
  token: string;
}

export interface PatronDetails {
  name?: string | null;
  email?: string | null;
  cardNumber?: string | null;
}

export interface QueueStatus {
  queueId: string;
  name: string;
  online: boolean;
  availability: QueueAvailability;
  /** ISO 8601 instant of the next opening when closed, else null. */
  opensAt: string | null;
  waitingCount: number;
  estimatedWaitSeconds: number | null;
}

export interface StartChatRequest {
  queueId: string;
  question: string;
  clientMessageId: string;
  patron?: PatronDetails | null;
  language?: string | null;
}

export interface ChatState {
  conversationId: string;
  queueId: string;
  state: ConversationState;
  /** 1-based place in the queue while waiting, else null. */
  position: number | null;
  estimatedWaitSeconds: number | null;
  librarianName: string | null;
  lastSeq: number;
  rated: boolean;
}

export interface ChatMessage {
  conversationId: string;
  /** Per-conversation, strictly increasing. Patrons never see notes, so their view may skip numbers. */
  seq: number;
  kind: MessageKind;
  authorName: string | null;
  text: string;
  clientMessageId: string | null;
  event: SystemEvent | null;
  /** ISO 8601 instant. */
  at: string;
}

export interface SendAck {
  seq: number;
  /** True when this clientMessageId had been stored before: the message was not stored twice. */
  duplicate: boolean;
}

export interface ResumeResult {
  chat: ChatState;
  messages: ChatMessage[];
}

export interface TypingEvent {
  conversationId: string;
  from: TypingParty;
  name: string | null;
  isTyping: boolean;
}

export interface OfflineQuestionRequest {
  queueId: string;
  question: string;
  email: string;
  name?: string | null;
  clientRequestId: string;
}

export interface OfflineQuestionReceipt {
  id: string;
}

/** Methods the patron widget invokes on PatronHubPath. */
export const PatronHubMethods = {
  getQueueStatus: "GetQueueStatus", // (queueId: string) => QueueStatus
  getCurrentChat: "GetCurrentChat", // () => ChatState | null
  startChat: "StartChat", // (request: StartChatRequest) => ChatState
  resume: "Resume", // (conversationId: string, afterSeq: number) => ResumeResult
  sendMessage: "SendMessage", // (conversationId: string, clientMessageId: string, text: string) => SendAck
  setTyping: "SetTyping", // (conversationId: string, isTyping: boolean) => void
  endChat: "EndChat", // (conversationId: string) => ChatState
  rateChat: "RateChat", // (conversationId: string, score: number, comment: string | null) => void
  requestTranscript: "RequestTranscript", // (conversationId: string, email: string) => void
  setPatronDetails: "SetPatronDetails", // (details: PatronDetails) => void
  leaveQuestion: "LeaveQuestion", // (request: OfflineQuestionRequest) => OfflineQuestionReceipt
} as const;

/** Events the server sends to patron connections. */
export const PatronClientEvents = {
  messageAdded: "MessageAdded", // (message: ChatMessage)
  chatUpdated: "ChatUpdated", // (chat: ChatState)
  typingChanged: "TypingChanged", // (typing: TypingEvent)
  queueStatusChanged: "QueueStatusChanged", // (status: QueueStatus)
} as const;

export interface ChatSummary {
  conversationId: string;
  queueId: string;
  state: ConversationState;
  question: string;
  patronName: string | null;
  patronEmail: string | null;
  createdAt: string;
  /** When the chat (re)entered its queue; the wait shown in the console counts from here. */
  waitingSince: string | null;
  acceptedAt: string | null;
  closedAt: string | null;
  assignedToId: string | null;
  assignedToName: string | null;
  lastSeq: number;
  /** The patron's visitor id, the key of their profile (GET /api/staff/patrons/{visitorId}). */
  visitorId?: string | null;
}

export interface QueueView {
  queueId: string;
  name: string;
  policy: AssignmentPolicy;
  status: QueueStatus;
  waiting: ChatSummary[];
}

export interface LibrarianPresence {
  staffId: string;
  displayName: string;
  presence: Presence;
  activeChats: number;
  capacity: number;
  queues: string[];
}

export interface StaffSnapshot {
  me: LibrarianPresence;
  queues: QueueView[];
  mine: ChatSummary[];
  librarians: LibrarianPresence[];
}

export interface TransferRequest {
  conversationId: string;
  toQueueId?: string | null;
  toStaffId?: string | null;
  note?: string | null;
}

export interface StaffResumeResult {
  chat: ChatSummary;
  messages: ChatMessage[];
}

/** A transcript in the history view; patronAddress only for admins and managers, when the queue keeps addresses. */
export interface TranscriptView extends StaffResumeResult {
  patronAddress: string | null;
}

export interface ChatUnassigned {
  conversationId: string;
  reason: "transferred" | "requeued" | "ended" | "taken";
}

/** Methods the staff console invokes on StaffHubPath (signed-in librarians and admins). */
export const StaffHubMethods = {
  getSnapshot: "GetSnapshot", // () => StaffSnapshot
  setPresence: "SetPresence", // (presence: "available" | "away") => LibrarianPresence
  accept: "Accept", // (conversationId: string) => ChatSummary
  open: "Open", // (conversationId: string, afterSeq: number) => StaffResumeResult
  sendMessage: "SendMessage", // (conversationId: string, clientMessageId: string, text: string) => SendAck
  addNote: "AddNote", // (conversationId: string, clientMessageId: string, text: string) => SendAck
  setTyping: "SetTyping", // (conversationId: string, isTyping: boolean) => void
  transfer: "Transfer", // (request: TransferRequest) => void
  endChat: "EndChat", // (conversationId: string) => ChatSummary
  renderCanned: "RenderCanned", // (conversationId: string, cannedId: string) => string
  blockVisitor: "BlockVisitor", // (conversationId: string, minutes: number, reason: string) => void
} as const;

/** Events the server sends to staff connections. */
export const StaffClientEvents = {
  queueChanged: "QueueChanged", // (queue: QueueView)
  chatAssigned: "ChatAssigned", // (chat: ChatSummary)
  chatUnassigned: "ChatUnassigned", // (info: ChatUnassigned)
  chatUpdated: "ChatUpdated", // (chat: ChatSummary)
  messageAdded: "MessageAdded", // (message: ChatMessage)
  typingChanged: "TypingChanged", // (typing: TypingEvent)
  presenceChanged: "PresenceChanged", // (changed: LibrarianPresence[])
} as const;

/** REST endpoints used by the console (cookie-authenticated). */
export const StaffApi = {
  me: "/api/staff/me", // GET => LibrarianPresence & { role }
  transcripts: "/api/staff/transcripts", // GET ?from&to&queue&q&page => TranscriptPage
  transcript: (id: string) => `/api/staff/transcripts/${encodeURIComponent(id)}`, // GET => TranscriptView
  canned: "/api/staff/canned", // GET => CannedResponse[]; POST CannedResponseInput => CannedResponse
  cannedItem: (id: string) => `/api/staff/canned/${encodeURIComponent(id)}`, // PUT, DELETE
  offlineQuestions: "/api/staff/offline-questions", // GET => OfflineQuestion[] (kept for older consoles; tickets replace it)
  tickets: "/api/staff/tickets/", // GET ?status&mine&overdue => TicketView[]; POST NewTicketInput => TicketView
  ticketSettings: "/api/staff/tickets/settings", // GET => TicketSettings
  ticket: (id: string) => `/api/staff/tickets/${encodeURIComponent(id)}`, // GET => TicketView
  ticketAction: (id: string, action: "claim" | "release" | "notes" | "answer" | "status") =>
    `/api/staff/tickets/${encodeURIComponent(id)}/${action}`, // POST => TicketView
  followUp: (conversationId: string) => `/api/staff/tickets/from-chat/${encodeURIComponent(conversationId)}`, // POST FollowUpInput => TicketView
  staff: "/api/admin/staff", // GET (admin) => StaffAccount[]; POST (admin)
  logout: "/staff/logout", // POST
  kbSuggest: "/api/staff/kb/suggest", // GET ?q&lang => KbSuggestion[] (top 5, staff-only articles included)
  kbArticle: (id: string) => `/api/staff/kb/articles/${encodeURIComponent(id)}`, // GET => KbArticleView
  kbEvents: "/api/staff/kb/events", // POST KbEventInput => 204
  patron: (visitorId: string) => `/api/staff/patrons/${encodeURIComponent(visitorId)}`, // GET => PatronProfile (patron.ts)
  keyPatron: (visitorId: string) => `/api/staff/patrons/${encodeURIComponent(visitorId)}/key-patron`, // PUT { keyPatron } => 204
  ratings: "/api/staff/ratings", // GET ?from&to&staffId => MyRatings (patron.ts)
  classification: (conversationId: string) => `/api/staff/conversations/${encodeURIComponent(conversationId)}/classification`, // GET, PUT ClassificationInput => ChatClassification
} as const;

/** A chat's topic tags and READ scale (1–6), with tags suggested from the knowledge base (docs/protocol.md). */
export interface ChatClassification {
  conversationId: string;
  tags: string[];
  readScale: number | null;
  suggestedTags: string[];
  /** The caller may change them: the chat's librarian, or an admin. */
  editable: boolean;
  /** A librarian accepted the chat, so it can have a READ scale. */
  answered: boolean;
}

/** PUT body: the whole set of tags (normalized by the server) and the READ scale (null: not rated). */
export interface ClassificationInput {
  tags: string[];
  readScale: number | null;
}

// The knowledge-base payloads (KbSuggestion, KbArticleView, KbEventInput, …) are in knowledge.ts.

export interface TranscriptPage {
  items: ChatSummary[];
  total: number;
  page: number;
  pageSize: number;
}

export interface CannedResponse {
  id: string;
  title: string;
  text: string;
  /** null for shared responses, else the owner's staff id. */
  ownerId: string | null;
}

export interface CannedResponseInput {
  title: string;
  text: string;
  shared: boolean;
}

export interface OfflineQuestion {
  id: string;
  queueId: string;
  question: string;
  email: string;
  name: string | null;
  createdAt: string;
  status: TicketStatus;
}

export type TicketStatus = "open" | "pending" | "closed";
export type TicketSource = "patron" | "chat" | "staff";
/** How an answer's email went; "disabled": email is not configured, the answer is only stored. */
export type Delivery = "pending" | "sent" | "failed" | "disabled";

export interface TicketNote {
  id: string;
  authorId: string;
  authorName: string;
  text: string;
  at: string;
}

export interface TicketAnswer {
  id: string;
  authorId: string;
  authorName: string;
  text: string;
  at: string;
  delivery: Delivery;
  sentAt: string | null;
  attempts: number;
}

/** A ticket: an offline question, a chat follow-up or one staff wrote down. Ids are "q_…". */
export interface TicketView {
  id: string;
  queueId: string;
  source: TicketSource;
  status: TicketStatus;
  question: string;
  email: string;
  name: string | null;
  createdAt: string;
  dueAt: string | null;
  overdue: boolean;
  ownerId: string | null;
  ownerName: string | null;
  conversationId: string | null;
  closedAt: string | null;
  notes: TicketNote[];
  answers: TicketAnswer[];
}

export interface NewTicketInput {
  queueId: string;
  question: string;
  email: string;
  name: string | null;
  language: string | null;
  claim: boolean;
}

export interface FollowUpInput {
  email: string | null;
  note: string | null;
}

export interface TicketAnswerInput {
  text: string;
  then: "closed" | "pending";
}

export interface TicketSettings {
  emailEnabled: boolean;
  answerWithin: string;
  /** A .NET TimeSpan, "hh:mm:ss". */
  remindBefore: string;
}

/** Parses "code: text" from a SignalR invocation error. */
export function errorCodeOf(error: unknown): ErrorCode | null {
  const message = error instanceof Error ? error.message : String(error);
  const match = /(?:HubException: )?\b([a-z_]+): /.exec(message);
  return match ? (match[1] as ErrorCode) : null;
}
