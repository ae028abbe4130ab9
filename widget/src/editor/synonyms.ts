// The synonyms file (kb/synonyms.txt format, stored in the data directory): everyone may read it,
// editors and admins save it. The search index re-reads it, so the next question uses it.
import { byId } from "../console/dom";
import { editorApi } from "./api";
import { errorText } from "./errors";
import { t } from "./i18n";
import { canPublish } from "./roles";
import { showToast } from "./toast";

export class SynonymsView {
  private readonly text = byId<HTMLTextAreaElement>("synonyms-text");
  private readonly error = byId("synonyms-error");
  private readonly save = byId<HTMLButtonElement>("synonyms-save");
  private loaded = false;

  constructor() {
    const editor = canPublish();
    this.text.readOnly = !editor;
    this.save.hidden = !editor;
    byId("synonyms-readonly").hidden = editor;
    byId<HTMLFormElement>("synonyms-form").addEventListener("submit", (event) => {
      event.preventDefault();
      void this.store();
    });
  }

  shown(): void {
    if (!this.loaded) void this.load();
  }

  hasUnsavedChanges(): boolean {
    return this.loaded && this.text.dataset.saved !== this.text.value;
  }

  private async load(): Promise<void> {
    this.error.textContent = t("loading");
    try {
      this.text.value = await editorApi.synonyms();
      this.text.dataset.saved = this.text.value;
      this.error.textContent = "";
      this.loaded = true;
    } catch (error) {
      this.error.textContent = errorText(error);
    }
  }

  private async store(): Promise<void> {
    this.save.disabled = true;
    this.error.textContent = "";
    try {
      await editorApi.saveSynonyms(this.text.value);
      this.text.dataset.saved = this.text.value;
      showToast(t("synonymsSaved"));
    } catch (error) {
      this.error.textContent = errorText(error);
    } finally {
      this.save.disabled = false;
    }
  }
}
