// The knowledge-base workbench's entry point (/staff/kb): wires the article list, the editing
// form with its history, knowledge gaps and synonyms together, and switches between the views.
import { byId } from "../console/dom";
import type { Article, ArticleInput } from "./api";
import { ArticleForm } from "./article-form";
import { ArticleList } from "./article-list";
import { GapsView } from "./gaps";
import { HistoryView } from "./history";
import { applyTranslations, currentLanguage, languageChangedEvent, setLanguage, t, type Language } from "./i18n";
import { currentRole } from "./roles";
import type { StringKey } from "./strings";
import { SynonymsView } from "./synonyms";
import { showToast } from "./toast";

type ViewName = "articles" | "gaps" | "synonyms";

const list = new ArticleList((id) => void form.open(id));
const history = new HistoryView((article) => {
  form.show(article);
  afterSave(article);
});
const form = new ArticleForm({
  saved: (article) => afterSave(article),
  opened: (article) => {
    list.select(article?.id ?? null);
    void history.show(article);
  },
  closed: () => {
    list.select(null);
    void history.show(null);
  },
});
const gaps = new GapsView((input) => openPrefilled(input));
const synonyms = new SynonymsView();

function afterSave(article: Article): void {
  void list.load();
  void history.show(article);
}

function openPrefilled(input: Partial<ArticleInput>): void {
  show("articles");
  form.openNew(input);
  if (input.title) showToast(t("draftReady"));
}

const navButtons = [...document.querySelectorAll<HTMLButtonElement>("nav.sections [data-view]")];
const panels = [...document.querySelectorAll<HTMLElement>("[data-view-panel]")];

function show(view: ViewName): void {
  for (const b of navButtons) {
    if (b.dataset.view === view) b.setAttribute("aria-current", "page");
    else b.removeAttribute("aria-current");
  }
  for (const p of panels) p.hidden = p.dataset.viewPanel !== view;
  if (view === "gaps") gaps.shown();
  if (view === "synonyms") synonyms.shown();
}

for (const b of navButtons) b.addEventListener("click", () => show(b.dataset.view as ViewName));
byId("new-article").addEventListener("click", () => form.openNew());

const roleKeys: Record<string, StringKey> = { librarian: "roleLibrarian", editor: "roleEditor", admin: "roleAdmin" };
document.addEventListener(languageChangedEvent, () => {
  byId("role-badge").textContent = t(roleKeys[currentRole()] ?? "roleLibrarian");
  list.render();
  form.relabel();
  history.render();
  gaps.render();
});

const languageSelect = byId<HTMLSelectElement>("language-select");
languageSelect.value = currentLanguage();
languageSelect.addEventListener("change", () => setLanguage(languageSelect.value as Language));

window.addEventListener("beforeunload", (event) => {
  // Ask before a reload or navigation throws away an unsaved article or synonyms file.
  if (form.hasUnsavedChanges() || synonyms.hasUnsavedChanges()) event.preventDefault();
});

applyTranslations(document);
void list.load();
