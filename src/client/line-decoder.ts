// Newline-delimited JSON from a byte stream: a watch answer arrives in chunks that may split a line (or a
// multi-byte character) anywhere; this keeps the tail until its newline arrives.
import { StringDecoder } from 'node:string_decoder';

export class LineDecoder {
  private readonly utf8 = new StringDecoder('utf8');
  private tail = '';

  /** The complete, non-blank lines that `chunk` finishes. */
  write(chunk: Buffer | string): string[] {
    const text = this.tail + (typeof chunk === 'string' ? chunk : this.utf8.write(chunk));
    const lines = text.split('\n');
    this.tail = lines.pop()!;
    return lines.filter((l) => l.trim() !== '');
  }

  /** What is left at end of stream: a last line without its newline, if any. */
  end(): string[] {
    const rest = (this.tail + this.utf8.end()).trim();
    this.tail = '';
    return rest ? [rest] : [];
  }
}
