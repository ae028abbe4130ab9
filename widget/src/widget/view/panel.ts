// The frame around every screen: a named dialog (region when inline, main when popped out) with
// a header, a connection status line and the current screen.
import type { WidgetMode } from "../config";
import type { LinkState } from "../connection";
import { h, show, uid } from "../dom";
import type { Texts } from "../i18n";

export interface PanelHandlers {
  close(): void;
  popout(): void;
}

export class Panel {
  readonly element: HTMLElement;
  private readonly body = h("div", { class: "body" });
  private readonly connection = h("p", { class: "connection", "data-testid": "connection-status", role: "status" });
  private current: HTMLElement | null = null;

  constructor(t: Texts, title: string, mode: WidgetMode, handlers: PanelHandlers) {
    const titleId = uid("title");
    const actions = h("div", { class: "actions" });
    if (mode !== "popout") {
      const popout = h("button", { type: "button", class: "icon", "aria-label": t.popout, title: t.popout, text: "↗" });
      popout.addEventListener("click", () => handlers.popout());
      actions.append(popout);
    }
    if (mode === "launcher") {
      const close = h("button", { type: "button", class: "icon", "aria-label": t.close, title: t.close, text: "×" });
      close.addEventListener("click", () => handlers.close());
      actions.append(close);
    }
    const role = mode === "launcher" ? "dialog" : mode === "inline" ? "region" : "main";
    this.element = h(mode === "popout" ? "main" : "div", {
      class: `panel mode-${mode}`, role: mode === "popout" ? null : role, "aria-labelledby": titleId, "data-testid": "panel",
    },
      h("div", { class: "header" }, h(mode === "popout" ? "h1" : "h2", { id: titleId, text: title }), actions),
      this.connection,
      this.body);
    show(this.connection, false);
  }

  setScreen(screen: HTMLElement): void {
    if (this.current === screen) return;
    this.current = screen;
    this.body.replaceChildren(screen);
  }

  setConnection(state: LinkState, t: Texts): void {
    const text = state === "connecting" ? t.connecting : state === "reconnecting" ? t.reconnecting : "";
    this.connection.textContent = text;
    this.connection.dataset.state = state;
    show(this.connection, text !== "");
  }
}
