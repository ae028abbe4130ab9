// Chinese / English for the workbench, the same way as the console (../console/i18n.ts, which is
// bound to the console's strings): static markup in editor.html is English with data-i18n keys,
// applyTranslations() rewrites it. The choice shares the console's storage key, so a librarian who
// switched the console to English gets the workbench in English too.
import { en, zh, type StringKey } from "./strings";

export type Language = "zh" | "en";
/** Fired on document after the language changed, so views can redraw their dynamic text. */
export const languageChangedEvent = "asklibrary:language";
const storageKey = "asklibrary.console.language";
let language: Language = initialLanguage();

function initialLanguage(): Language {
  try {
    const saved = localStorage.getItem(storageKey);
    if (saved === "zh" || saved === "en") return saved;
  } catch {
    // Storage can be blocked by browser policy; the default language is a fine fallback.
  }
  return "zh";
}

export function currentLanguage(): Language {
  return language;
}

export function setLanguage(next: Language): void {
  language = next;
  try {
    localStorage.setItem(storageKey, next);
  } catch {
    // Not remembered across visits, but the page still switches.
  }
  applyTranslations(document);
}

/** Looks a string up and fills {name} parameters. */
export function t(key: StringKey, params: Record<string, string | number> = {}): string {
  const template = (language === "zh" ? zh : en)[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

function isKey(key: string | undefined): key is StringKey {
  return key !== undefined && key in en;
}

/** data-i18n="key" sets textContent; data-i18n-attr="aria-label:key;placeholder:key" sets attributes. */
export function applyTranslations(root: ParentNode): void {
  document.documentElement.lang = language === "zh" ? "zh-Hans" : "en";
  document.title = t("pageTitle");
  for (const node of root.querySelectorAll<HTMLElement>("[data-i18n]")) {
    const key = node.dataset.i18n;
    if (isKey(key)) node.textContent = t(key);
  }
  for (const node of root.querySelectorAll<HTMLElement>("[data-i18n-attr]")) {
    for (const pair of (node.dataset.i18nAttr ?? "").split(";")) {
      const [attr, key] = pair.split(":");
      if (attr && isKey(key)) node.setAttribute(attr.trim(), t(key));
    }
  }
  document.dispatchEvent(new CustomEvent(languageChangedEvent));
}

export function formatDateTime(iso: string | null): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return new Intl.DateTimeFormat(language === "zh" ? "zh-CN" : "en-GB", {
    year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit",
  }).format(date);
}
