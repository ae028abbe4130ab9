// Chinese / English for the workbench (the shared staff-page mechanism bound to the workbench's strings;
// the language choice is the console's, so it carries over).
import { createStaffI18n } from "../shared/staff-i18n";
import { en, zh, type StringKey } from "./strings";

export { languageChangedEvent, type Language } from "../shared/staff-i18n";
export const { currentLanguage, setLanguage, t, applyTranslations } = createStaffI18n<StringKey>(zh, en, "pageTitle");

export function formatDateTime(iso: string | null): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return new Intl.DateTimeFormat(currentLanguage() === "zh" ? "zh-CN" : "en-GB", {
    year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit",
  }).format(date);
}
