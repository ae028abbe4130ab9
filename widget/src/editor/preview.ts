// Live preview of the Markdown: debounced POST /api/editor/preview, which renders through the same
// pipeline as the public pages (raw HTML off, output sanitized). That server-sanitized HTML is the
// only markup the workbench ever inserts; stale answers are dropped so a slow reply cannot
// overwrite a newer one.
import { editorApi } from "./api";
import { errorText } from "./errors";
import { t } from "./i18n";

const delayMs = 300;

export class MarkdownPreview {
  private timer: number | undefined;
  private ticket = 0;

  constructor(
    private readonly target: HTMLElement,
    private readonly source: HTMLTextAreaElement,
  ) {
    source.addEventListener("input", () => this.schedule());
  }

  schedule(): void {
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => void this.render(), delayMs);
  }

  refreshNow(): void {
    window.clearTimeout(this.timer);
    void this.render();
  }

  private async render(): Promise<void> {
    const ticket = ++this.ticket;
    const markdown = this.source.value;
    if (markdown.trim().length === 0) {
      this.target.replaceChildren();
      this.target.append(Object.assign(document.createElement("p"), { className: "empty", textContent: t("previewEmpty") }));
      return;
    }
    try {
      const { html } = await editorApi.preview(markdown);
      if (ticket !== this.ticket) return;
      this.target.innerHTML = html; // sanitized by the server (KbMarkdown.ToSafeHtml)
    } catch (error) {
      if (ticket !== this.ticket) return;
      const p = document.createElement("p");
      p.className = "form-error";
      p.textContent = t("previewFailed", { error: errorText(error) });
      this.target.replaceChildren(p);
    }
  }
}
