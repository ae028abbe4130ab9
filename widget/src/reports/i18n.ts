// Chinese / English for the reports page (the shared staff-page mechanism bound to the reports' strings;
// the language choice is the console's, so it carries over).
import { createStaffI18n } from "../shared/staff-i18n";
import { en, zh, type StringKey } from "./strings";

export { type Language } from "../shared/staff-i18n";
export const { currentLanguage, setLanguage, t, applyTranslations } = createStaffI18n<StringKey>(zh, en, "pageTitle");
