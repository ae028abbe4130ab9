// Chinese / English for the staff pages (console, workbench, reports). Static markup is English and carries
// data-i18n keys; applyTranslations() rewrites it in the chosen language. The choice is kept per browser under
// one key, so a librarian who switches the console to English gets every staff page in English; the default
// is Simplified Chinese (the service's main audience). Each page binds its own string table.

export type Language = "zh" | "en";
/** Fired on document after the language changed, so views can redraw their dynamic text. */
export const languageChangedEvent = "asklibrary:language";
const storageKey = "asklibrary.console.language";

export interface StaffI18n<K extends string> {
  currentLanguage(): Language;
  setLanguage(next: Language): void;
  /** Looks a string up and fills {name} parameters. */
  t(key: K, params?: Record<string, string | number>): string;
  /** data-i18n="key" sets textContent; data-i18n-attr="aria-label:key;placeholder:key" sets attributes. */
  applyTranslations(root: ParentNode): void;
}

function savedLanguage(): Language {
  try {
    const saved = localStorage.getItem(storageKey);
    if (saved === "zh" || saved === "en") return saved;
  } catch {
    // Storage can be blocked by browser policy; the default language is a fine fallback.
  }
  return "zh";
}

/** Binds a page's string tables; `titleKey`, when given, also translates document.title. */
export function createStaffI18n<K extends string>(zh: Record<K, string>, en: Record<K, string>, titleKey?: K): StaffI18n<K> {
  let language = savedLanguage();
  const isKey = (key: string | undefined): key is K => key !== undefined && key in en;

  const t = (key: K, params: Record<string, string | number> = {}): string =>
    (language === "zh" ? zh : en)[key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));

  const applyTranslations = (root: ParentNode): void => {
    document.documentElement.lang = language === "zh" ? "zh-Hans" : "en";
    if (titleKey !== undefined) document.title = t(titleKey);
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
  };

  const setLanguage = (next: Language): void => {
    language = next;
    try {
      localStorage.setItem(storageKey, next);
    } catch {
      // Not remembered across visits, but the page still switches.
    }
    applyTranslations(document);
  };

  return { currentLanguage: () => language, setLanguage, t, applyTranslations };
}
