// The knowledge base's public REST API (server/Knowledge/KnowledgeApi.cs), for TypeScript: paths and
// payloads the patron widget reads. Open to the embedding sites listed in AskLibrary:Widget (CORS).
// Prose documentation: docs/widget.md, "Knowledge-base suggestions".

export const KnowledgeApi = {
  suggest: "/api/kb/suggest", // GET ?q&lang => KbSuggestion[] (top 3, published public articles)
  article: (id: string) => `/api/kb/articles/${encodeURIComponent(id)}`, // GET => KbArticleView
  feedback: "/api/kb/feedback", // POST KbFeedback => 204; the visitor's bearer token, when sent, is recorded
} as const;

export interface KbSuggestion {
  id: string;
  title: string;
  /** HTML-escaped text with <mark> around the words that matched; nothing else. */
  snippetHtml: string;
  summary: string;
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
  url: string;
  related: { id: string; title: string }[];
}

export type KbFeedbackKind = "shown" | "opened" | "helpful" | "nothelpful";

export interface KbFeedback {
  articleId: string;
  kind: KbFeedbackKind;
  /** What the patron had typed when the article was suggested. */
  query: string | null;
}
