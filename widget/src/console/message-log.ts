// One conversation's messages as the console knows them: deduplicated by seq and kept in seq
// order, whatever order Open results and live MessageAdded events arrive in.
import type { ChatMessage } from "../shared/protocol";

export class MessageLog {
  private readonly items: ChatMessage[] = [];
  private readonly seqs = new Set<number>();

  get messages(): readonly ChatMessage[] {
    return this.items;
  }

  /** The highest seq held; Open(conversationId, lastSeq) asks for what comes after it. */
  get lastSeq(): number {
    return this.items.length === 0 ? 0 : this.items[this.items.length - 1]!.seq;
  }

  /** Adds the message unless its seq is already held. Returns its index, or -1 for a duplicate. */
  add(message: ChatMessage): number {
    if (this.seqs.has(message.seq)) return -1;
    this.seqs.add(message.seq);
    let index = this.items.length;
    while (index > 0 && this.items[index - 1]!.seq > message.seq) index--;
    this.items.splice(index, 0, message);
    return index;
  }
}
