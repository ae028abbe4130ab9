// Client-generated ids for SendMessage/AddNote. The server deduplicates on them, so a message
// re-sent after a lost ack keeps its id. Protocol limit: 1–64 characters of A-Z a-z 0-9 _ -.
export function newClientMessageId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  // crypto.randomUUID needs a secure context; getRandomValues works on plain-http intranets too.
  return "c_" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
