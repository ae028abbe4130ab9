// A tiny element builder. Text always goes in as text nodes or textContent, never as HTML:
// chat messages, names and queue names are untrusted.
type Child = Node | string | null | undefined | false;
type Props = Record<string, string | number | boolean | null | undefined | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === "function") element.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === "text") element.textContent = String(value);
    else if (key === "class") element.className = String(value);
    else element.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child) element.append(child);
  }
  return element;
}

let counter = 0;
/** Ids unique within the shadow root, for label/aria wiring. */
export function uid(name: string): string {
  return `asklib-${name}-${++counter}`;
}

/** A labelled text field: label above input/textarea. */
export function field(label: string, control: HTMLInputElement | HTMLTextAreaElement): HTMLElement {
  control.id ||= uid("field");
  return h("div", { class: "field" }, h("label", { for: control.id, text: label }), control);
}

export function show(element: HTMLElement, visible: boolean): void {
  element.hidden = !visible;
}
