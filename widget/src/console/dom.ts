// Small DOM helpers. Data from the network (chat text, names, questions, canned texts) only
// ever reaches the page through `text` / textContent, never through innerHTML: it is hostile input.

type Attrs = Record<string, string | number | boolean | null | undefined>;

/** Creates an element; `text` is set with textContent. Attributes with null/false are skipped. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  text?: string | null,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "className") node.className = String(value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

/** The element with this id; a missing one is a bug in console.html, so fail loudly. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`console.html is missing #${id}`);
  return node as T;
}

export function clear(node: Element): void {
  node.replaceChildren();
}

/** A definition-list row: <dt>label</dt><dd>value</dd>. */
export function addRow(list: HTMLDListElement, label: string, value: string | null): void {
  list.append(el("dt", {}, label), el("dd", {}, value && value.length > 0 ? value : "—"));
}

/** Builds a table with text-only header cells; rows are filled in by the caller. */
export function table(caption: string, headers: string[]): { table: HTMLTableElement; body: HTMLTableSectionElement } {
  const t = el("table", { className: "data-table" });
  t.append(el("caption", { className: "visually-hidden" }, caption));
  const headRow = el("tr");
  for (const h of headers) headRow.append(el("th", { scope: "col" }, h));
  const head = el("thead");
  head.append(headRow);
  const body = el("tbody");
  t.append(head, body);
  return { table: t, body };
}

export function cell(row: HTMLTableRowElement, text: string | null, className?: string): HTMLTableCellElement {
  const td = el("td", className ? { className } : {}, text ?? "—");
  row.append(td);
  return td;
}
