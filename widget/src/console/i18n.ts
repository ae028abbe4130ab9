// Chinese / English for the console (the shared staff-page mechanism bound to the console's strings).
import { createStaffI18n } from "../shared/staff-i18n";
import { en, zh, type StringKey } from "./strings";

export { languageChangedEvent, type Language } from "../shared/staff-i18n";
export const { currentLanguage, setLanguage, t, applyTranslations } = createStaffI18n<StringKey>(zh, en);
