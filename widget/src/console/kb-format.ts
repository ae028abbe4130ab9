// Pure helpers for the suggestions panel: which language a question is in, the category's label,
// and the plain-text answer a librarian inserts into a reply.
import type { KbSuggestion } from "../shared/knowledge";
import { t } from "./i18n";
import type { StringKey } from "./strings";

/** The server reads only the first 500 characters of a query; sending more only lengthens the URL. */
export const maxQueryLength = 500;

const categoryKeys: Record<string, StringKey> = {
  hours: "catHours",
  accounts: "catAccounts",
  borrowing: "catBorrowing",
  "e-resources": "catEResources",
  services: "catServices",
  spaces: "catSpaces",
  "research-support": "catResearchSupport",
  collections: "catCollections",
  policies: "catPolicies",
};

/** The category in the console's language; a category the console does not know shows as its id. */
export function categoryLabel(category: string): string {
  if (category.length === 0) return t("catOther");
  const key = categoryKeys[category];
  return key ? t(key) : category;
}

/**
 * The `lang` hint for suggestions: Chinese when the text has Han characters, English when it has
 * Latin letters and no Han, otherwise none. The server treats both Chinese scripts as one family.
 */
export function languageOf(text: string): string | null {
  if (/[\u3400-\u9fff\uf900-\ufaff]/.test(text)) return "zh-CN";
  if (/[A-Za-z]/.test(text)) return "en";
  return null;
}

export function shortQuery(text: string): string {
  const trimmed = text.trim().replace(/\s+/g, " ");
  return trimmed.length > maxQueryLength ? trimmed.slice(0, maxQueryLength) : trimmed;
}

// The answer goes to the patron, so its one fixed word follows the article's language, not the console's.
const detailsLabel = { zh: "详情：", en: "Details: " } as const;

/** Title, summary and an absolute link to the public page, one per line, as chat messages are plain text. */
export function answerText(article: Pick<KbSuggestion, "title" | "summary" | "url" | "language">, origin: string): string {
  const link = new URL(article.url, origin).toString();
  const label = article.language.toLowerCase().startsWith("en") ? detailsLabel.en : detailsLabel.zh;
  return [article.title.trim(), article.summary.trim(), label + link].filter((line) => line.length > 0).join("\n");
}
