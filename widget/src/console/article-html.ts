// A knowledge-base article's body for the console's read-only view. The server already sanitizes it
// (KbMarkdown: Markdig with raw HTML off, then an allowlist sanitizer); as defence in depth we parse it
// in an inert document (DOMParser runs no scripts and loads nothing) and rebuild it element by element
// from the same allowlist, instead of handing the string to innerHTML. Links open in a new tab so the
// console, and the chats in it, stay put; headings are demoted to sit under the panel's own headings.

const allowedTags = new Set([
  "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "del", "ins", "mark", "sub", "sup",
  "code", "pre", "blockquote", "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td",
]);
const allowedAttributes = new Set(["href", "src", "alt", "title", "align", "start"]);
const safeUrl = /^(?:https?:|mailto:|tel:|\/(?!\/)|#)/i;

/** The article body as a fragment of freshly built nodes; headings shift down by `headingShift` levels. */
export function articleFragment(html: string, headingShift: number): DocumentFragment {
  const parsed = new DOMParser().parseFromString(html, "text/html");
  const fragment = document.createDocumentFragment();
  for (const child of Array.from(parsed.body.childNodes)) appendCopy(fragment, child, headingShift);
  return fragment;
}

function appendCopy(parent: Node, node: Node, headingShift: number): void {
  if (node.nodeType === Node.TEXT_NODE) {
    parent.appendChild(document.createTextNode(node.textContent ?? ""));
    return;
  }
  if (!(node instanceof Element)) return;
  const tag = node.tagName.toLowerCase();
  if (tag === "script" || tag === "style") return;
  if (!allowedTags.has(tag)) {
    // Unknown wrapper: keep what it says, drop the element.
    for (const child of Array.from(node.childNodes)) appendCopy(parent, child, headingShift);
    return;
  }
  const heading = /^h([1-6])$/.exec(tag);
  const copy = document.createElement(heading ? `h${Math.min(6, Number(heading[1]) + headingShift)}` : tag);
  for (const attr of Array.from(node.attributes)) {
    const name = attr.name.toLowerCase();
    if (!allowedAttributes.has(name)) continue;
    if ((name === "href" || name === "src") && !safeUrl.test(attr.value.trim())) continue;
    copy.setAttribute(name, attr.value);
  }
  if (tag === "a") {
    copy.setAttribute("target", "_blank");
    copy.setAttribute("rel", "noopener noreferrer");
  }
  for (const child of Array.from(node.childNodes)) appendCopy(copy, child, headingShift);
  parent.appendChild(copy);
}
