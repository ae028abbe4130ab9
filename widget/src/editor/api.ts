// The editors' API (server/Knowledge/EditorApi.cs, docs/protocol.md). Same conventions as the
// console's api.ts: the staff cookie authenticates, unsafe methods carry the anti-forgery token the
// server rendered into the page, failures become ApiError from the problem+json document.
import { ApiError, staffRequest } from "../console/api";

export { ApiError };

export type ArticleStatus = "draft" | "published" | "archived";
export type Audience = "public" | "staff";

export interface ArticleStats {
  shown: number;
  opened: number;
  inserted: number;
  helpful: number;
  notHelpful: number;
}

export interface ArticleSummary {
  id: string;
  title: string;
  category: string;
  language: string;
  status: ArticleStatus;
  audience: Audience;
  version: number;
  updatedAt: string;
  updatedBy: string | null;
  reviewed: string | null;
  stats: ArticleStats;
}

export interface Article {
  id: string;
  title: string;
  body: string;
  summary: string;
  category: string;
  tags: string[];
  language: string;
  status: ArticleStatus;
  audience: Audience;
  related: string[];
  owner: string | null;
  reviewed: string | null;
  version: number;
  updatedAt: string;
  updatedBy: string | null;
}

/** What POST/PUT accept (KbArticleInput); also what "draft from chat" returns. */
export interface ArticleInput {
  id: string | null;
  title: string | null;
  body: string | null;
  summary: string | null;
  category: string | null;
  tags: string[] | null;
  language: string | null;
  status: string | null;
  audience: string | null;
  related: string[] | null;
  owner: string | null;
  reviewed: string | null;
  version: number | null;
}

export interface ArticleVersion {
  version: number;
  at: string;
  author: string;
  change: string;
  status: ArticleStatus;
}

export interface DiffLine {
  op: "same" | "added" | "removed";
  text: string;
}

export interface ArticleDiff {
  title: { before: string; after: string } | null;
  body: DiffLine[];
}

export interface KnowledgeGap {
  count: number;
  examples: string[];
  lastAsked: string;
  terms: string[];
  conversationIds: string[];
}

export interface ArticleFilter {
  q: string;
  status: string;
  category: string;
  language: string;
}

const base = "/api/editor";

// The console's request, coming back to the workbench after a new sign-in.
const request = <T>(method: string, url: string, body?: unknown, accept?: string): Promise<T> =>
  staffRequest<T>(method, url, body, { returnTo: "/staff/kb", accept });

const article = (id: string) => `${base}/articles/${encodeURIComponent(id)}`;

export const editorApi = {
  articles: (filter: ArticleFilter) => {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(filter)) if (value) params.set(name, value);
    const query = params.toString();
    return request<ArticleSummary[]>("GET", `${base}/articles${query ? `?${query}` : ""}`);
  },
  article: (id: string) => request<Article>("GET", article(id)),
  create: (input: ArticleInput) => request<Article>("POST", `${base}/articles`, input),
  update: (id: string, input: ArticleInput) => request<Article>("PUT", article(id), input),
  versions: (id: string) => request<ArticleVersion[]>("GET", `${article(id)}/versions`),
  diff: (id: string, from: number, to: number) => request<ArticleDiff>("GET", `${article(id)}/diff?from=${from}&to=${to}`),
  restore: (id: string, version: number) => request<Article>("POST", `${article(id)}/restore/${version}`),
  preview: (markdown: string) => request<{ html: string }>("POST", `${base}/preview`, { markdown }),
  gaps: (days: number) => request<KnowledgeGap[]>("GET", `${base}/gaps?days=${days}`),
  draftFromChat: (conversationId: string) =>
    request<ArticleInput>("GET", `${base}/drafts/from-chat/${encodeURIComponent(conversationId)}`),
  synonyms: () => request<string>("GET", `${base}/synonyms`, undefined, "text/plain"),
  saveSynonyms: (text: string) => request<void>("PUT", `${base}/synonyms`, { text }),
};
