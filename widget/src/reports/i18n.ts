// Chinese / English for the reports page, the same way as the console (../console/i18n.ts, bound to the
// console's strings): static markup is English with data-i18n keys, applyTranslations() rewrites it.
// The choice shares the console's storage key, so the console's language carries over.
import { en, zh, type StringKey } from "./strings";

export type Language = "zh" | "en";
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

export function t(key: StringKey, params: Record<string, string | number> = {}): string {
  const template = (language === "zh" ? zh : en)[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

function isKey(key: string | undefined): key is StringKey {
  return key !== undefined && key in en;
}

export function applyTranslations(root: ParentNode): void {
  document.documentElement.lang = language === "zh" ? "zh-Hans" : "en";
  document.title = t("pageTitle");
  for (const node of root.querySelectorAll<HTMLElement>("[data-i18n]")) {
    const key = node.dataset.i18n;
    if (isKey(key)) node.textContent = t(key);
  }
}
