// The knowledge base's public REST API (server/Knowledge/KnowledgeApi.cs), for TypeScript: paths and
// payloads the patron widget reads. Open to the embedding sites listed in AskLibrary:Widget (CORS).
// Prose documentation: docs/widget.md, "Knowledge-base suggestions".

export const KnowledgeApi = {
  suggest: "/api/kb/suggest", // GET ?q&lang => KbSuggestion[] (top 3, published public articles)
  article: (id: string) => `/api/kb/articles/${encodeURIComponent(id)}`, // GET => KbArticleView
  feedback: "/api/kb/feedback", // POST KbFeedback => 204; the visitor's bearer token, when sent, is recorded
} as const;

/** A suggested article (patron view: top 3 public articles; staff view: top 5, staff-only included). */
export interface KbSuggestion {
  id: string;
  title: string;
  /** HTML-escaped text with <mark> around the words that matched; nothing else. */
  snippetHtml: string;
  summary: string;
  category: string;
  language: string;
  /** Staff-only articles have no public page: their link must never go to a patron. */
  audience: KbAudienceName;
  /** The public page, relative to the server: "/kb/{id}". */
  url: string;
}

export interface KbArticleView {
  id: string;
  title: string;
  summary: string;
  /** Rendered Markdown, sanitized by the server (allow-listed tags, http/https/mailto/tel links only). */
  html: string;
  category: string;
  language: string;
  audience: KbAudienceName;
  url: string;
  related: { id: string; title: string }[];
}

export type KbAudienceName = "public" | "staff";

/** What a librarian did with a suggestion (POST /api/staff/kb/events). */
export type KbStaffEventKind = "shown" | "opened" | "inserted";

export interface KbEventInput {
  articleId: string;
  kind: KbStaffEventKind;
  query: string | null;
}

export type KbFeedbackKind = "shown" | "opened" | "helpful" | "nothelpful";

export interface KbFeedback {
  articleId: string;
  kind: KbFeedbackKind;
  /** What the patron had typed when the article was suggested. */
  query: string | null;
}
