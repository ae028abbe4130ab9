// The patron-profile and ratings payloads of the staff REST API (docs/crm.md, docs/protocol.md REST).
// Names, questions and comments are patron text: render them with textContent only.

export type PatronSegment = "new" | "occasional" | "growing" | "long_term" | "lapsed";

export interface PatronDetailsView {
  name: string | null;
  email: string | null;
  cardNumber: string | null;
}

export interface PatronScores {
  recencyDays: number | null;
  frequency: number;
  effortMinutes: number;
  recentChats: number;
  spanDays: number;
}

export interface PatronVisit {
  conversationId: string;
  queueId: string;
  state: "waiting" | "active" | "closed" | "abandoned";
  createdAt: string;
  closedAt: string | null;
  question: string;
  librarian: string | null;
  rating: number | null;
}

export type TimelineKind = "chat" | "rating" | "ticket" | "ticket_answered" | "kb_opened" | "kb_helpful" | "kb_not_helpful";

export interface TimelineEntry {
  kind: TimelineKind;
  at: string;
  conversationId?: string | null;
  ticketId?: string | null;
  articleId?: string | null;
  /** The chat's or ticket's question, or the article's title. */
  title?: string | null;
  /** A chat's state or a ticket's status. */
  outcome?: string | null;
  score?: number | null;
  comment?: string | null;
  staff?: string | null;
}

export interface PatronProfile {
  visitorId: string;
  details: PatronDetailsView;
  keyPatron: boolean;
  segment: PatronSegment;
  scores: PatronScores;
  history: PatronVisit[];
  timeline: { items: TimelineEntry[]; total: number };
}

export interface RatingSummary {
  count: number;
  average: number | null;
  /** Counts of scores 1..5 (index 0 is score 1). */
  byScore: number[];
}

export interface RatingItem {
  conversationId: string;
  queueId: string;
  createdAt: string;
  score: number;
  comment: string | null;
  ratedAt: string;
}

export interface MyRatings {
  staffId: string;
  from: string;
  to: string;
  timeZone: string;
  mine: RatingSummary;
  service: RatingSummary;
  items: RatingItem[];
}
