// Newline-delimited JSON in the browser: fetch hands a watch body over in byte chunks that may split a line
// (or a multi-byte character) anywhere; this keeps the unfinished tail until its newline arrives.

export class TextLines {
  private readonly decoder = new TextDecoder();
  private tail = '';

  /** The complete, non-blank lines that `chunk` finishes. */
  write(chunk: Uint8Array): string[] {
    const lines = (this.tail + this.decoder.decode(chunk, { stream: true })).split('\n');
    this.tail = lines.pop()!;
    return lines.filter((l) => l.trim() !== '');
  }

  /** A last line without its newline, if the stream ended on one. */
  end(): string[] {
    const rest = (this.tail + this.decoder.decode()).trim();
    this.tail = '';
    return rest ? [rest] : [];
  }
}

/** Reads `body` to its end, handing each line to `onLine`; resolves when the stream ends. */
export async function readLines(
  body: ReadableStream<Uint8Array>,
  onLine: (line: string) => void,
): Promise<void> {
  const reader = body.getReader();
  const lines = new TextLines();
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      for (const l of lines.write(value)) onLine(l);
    }
    for (const l of lines.end()) onLine(l);
  } finally {
    reader.releaseLock();
  }
}
