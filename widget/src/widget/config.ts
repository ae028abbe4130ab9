// Reads how the host page wants the widget: the attributes of its own <script> tag, and for the
// pop-out page the query string. The server origin is derived from the script's src so the same
// tag works on any library website (cross-origin embedding).

export type WidgetMode = "launcher" | "inline" | "popout";
export type Language = "zh-CN" | "en";

export interface WidgetConfig {
  /** Origin of the AskLibrary server, e.g. "https://ask.example.edu". */
  serverOrigin: string;
  queueId: string;
  mode: WidgetMode;
  /** CSS selector of the element that hosts the widget in inline mode. */
  target: string | null;
  language: Language;
  title: string | null;
  /** Knowledge-base articles suggested while the patron types; data-suggestions="off" turns them off. */
  suggestions: boolean;
}

// Captured while the script runs for the first time; null later (and for modules), hence the fallback.
const ownScript = document.currentScript as HTMLScriptElement | null;

export function findOwnScript(): HTMLScriptElement | null {
  if (ownScript) return ownScript;
  const candidates = document.querySelectorAll<HTMLScriptElement>('script[src*="widget.js"]');
  return candidates.length > 0 ? candidates[candidates.length - 1]! : null;
}

export function readConfig(script: HTMLScriptElement | null): WidgetConfig {
  const attr = (name: string): string | null => script?.getAttribute(`data-${name}`)?.trim() || null;
  const query = new URLSearchParams(location.search);
  const mode = parseMode(attr("mode"));
  // The pop-out page is opened with ?queue=…&lang=… so one static page serves every queue.
  const fromQuery = (name: string): string | null => (mode === "popout" ? query.get(name) : null);
  return {
    serverOrigin: script?.src ? new URL(script.src, location.href).origin : location.origin,
    queueId: fromQuery("queue") ?? attr("queue") ?? "general",
    mode,
    target: attr("target"),
    language: pickLanguage(fromQuery("lang") ?? attr("lang")),
    title: attr("title"),
    suggestions: (fromQuery("suggestions") ?? attr("suggestions"))?.toLowerCase() !== "off",
  };
}

function parseMode(value: string | null): WidgetMode {
  return value === "inline" || value === "popout" ? value : "launcher";
}

export function pickLanguage(explicit: string | null): Language {
  const candidates = [explicit, document.documentElement.lang, ...(navigator.languages ?? []), navigator.language];
  for (const candidate of candidates) {
    const value = candidate?.toLowerCase();
    if (!value) continue;
    if (value.startsWith("zh")) return "zh-CN";
    if (value.startsWith("en")) return "en";
  }
  return "zh-CN"; // most patrons read Chinese
}
