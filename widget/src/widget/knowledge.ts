// The widget's calls to the knowledge base: suggestions while the patron types, an article to read
// inline, and what the patron did with it. No cookies cross origins; feedback carries the visitor's
// bearer token when there is one, so the server can tell one patron's clicks from another's.
import { KnowledgeApi, type KbArticleView, type KbFeedbackKind, type KbSuggestion } from "../shared/knowledge";
import type { Language } from "./config";

export class KnowledgeClient {
  constructor(
    readonly serverOrigin: string,
    private readonly language: Language,
    private readonly visitorToken: () => string | null,
  ) {}

  async suggest(query: string, signal: AbortSignal): Promise<KbSuggestion[]> {
    const url = new URL(KnowledgeApi.suggest, this.serverOrigin);
    url.searchParams.set("q", query);
    url.searchParams.set("lang", this.language);
    return (await this.get(url.href, signal)) as KbSuggestion[];
  }

  async article(id: string): Promise<KbArticleView> {
    return (await this.get(this.serverOrigin + KnowledgeApi.article(id))) as KbArticleView;
  }

  /** Fire and forget: a lost statistic must never disturb the patron. */
  record(articleId: string, kind: KbFeedbackKind, query: string): void {
    const token = this.visitorToken();
    const headers: Record<string, string> = { "Content-Type": "application/json" };
    if (token) headers.Authorization = `Bearer ${token}`;
    fetch(this.serverOrigin + KnowledgeApi.feedback, {
      method: "POST", headers, credentials: "omit", keepalive: true,
      body: JSON.stringify({ articleId, kind, query: query.slice(0, 500) || null }),
    }).catch((error) => console.warn("AskLibrary: could not record article feedback", error));
  }

  private async get(url: string, signal?: AbortSignal): Promise<unknown> {
    const response = await fetch(url, { credentials: "omit", signal });
    if (!response.ok) throw new Error(`AskLibrary: ${url} answered ${response.status}`);
    return response.json();
  }
}
