// Knowledge-base snippets arrive as HTML-escaped text with <mark> around the matched terms
// (server/Knowledge/Search/SnippetBuilder.cs). They are still never handed to innerHTML: we split on
// the two tags the server writes, unescape the five entities it writes, and build text nodes and
// <mark> elements. Anything else that looks like markup stays visible as text.

const entities: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };

export function unescapeSnippetText(text: string): string {
  return text.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => entities[entity] ?? entity);
}

/** The snippet as DOM nodes: text, and <mark> elements whose content is text. */
export function snippetNodes(snippetHtml: string): Node[] {
  const nodes: Node[] = [];
  // The server never nests marks; "<mark>a</mark>" splits into ["", "<mark>", "a", "</mark>", ""].
  let inMark = false;
  for (const part of snippetHtml.split(/(<mark>|<\/mark>)/)) {
    if (part === "<mark>") inMark = true;
    else if (part === "</mark>") inMark = false;
    else if (part.length > 0) {
      const text = document.createTextNode(unescapeSnippetText(part));
      if (inMark) {
        const mark = document.createElement("mark");
        mark.append(text);
        nodes.push(mark);
      } else {
        nodes.push(text);
      }
    }
  }
  return nodes;
}
