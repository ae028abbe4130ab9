// Entry point of widget.js, embedded with one tag:
//   <script src="https://HOST/dist/widget.js" data-queue="general" async></script>
// Creates the widget in the mode the tag asks for and exposes window.AskLibrary.
import type { PatronDetails } from "../shared/protocol";
import { findOwnScript, readConfig } from "./config";
import type { WidgetEventName, WidgetEvents } from "./events";
import { Widget } from "./widget";

export interface AskLibraryApi {
  open(): void;
  close(): void;
  setPatron(details: PatronDetails): void;
  on<K extends WidgetEventName>(event: K, handler: (payload: WidgetEvents[K]) => void): () => void;
}

/** Calls made before the script loaded, e.g. window.AskLibrary = { q: [["setPatron", {…}]] }. */
interface QueuedStub {
  q?: [keyof AskLibraryApi, ...unknown[]][];
}

declare global {
  interface Window {
    AskLibrary?: AskLibraryApi | QueuedStub;
  }
}

function hostElement(mode: string, target: string | null): HTMLElement | null {
  const host = document.createElement("ask-library");
  if (mode === "inline") {
    const container = target ? document.querySelector(target) : null;
    if (!container) {
      console.error(`AskLibrary: data-target "${target ?? ""}" matches no element; the inline widget needs one.`);
      return null;
    }
    container.append(host);
  } else {
    document.body.append(host);
  }
  return host;
}

function boot(): void {
  const existing = window.AskLibrary;
  if (existing && "open" in existing) return; // the script was included twice; one widget is enough
  const config = readConfig(findOwnScript());
  const host = hostElement(config.mode, config.target);
  if (!host) return;
  const widget = new Widget(config, host);
  const api: AskLibraryApi = {
    open: () => widget.open(),
    close: () => widget.close(),
    setPatron: (details) => widget.setPatron(details ?? {}),
    on: (event, handler) => widget.events.on(event, handler),
  };
  window.AskLibrary = api;
  for (const [method, ...args] of (existing as QueuedStub | undefined)?.q ?? []) {
    const fn = api[method] as ((...a: unknown[]) => unknown) | undefined;
    if (typeof fn === "function") fn(...args);
  }
}

// An async script can run before the page is parsed; the inline target may not exist yet.
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", boot, { once: true });
} else {
  boot();
}
