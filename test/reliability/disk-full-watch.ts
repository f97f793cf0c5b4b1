// PodWatch: one plain HTTP watch of pods from a resourceVersion (no retry, no relist: the disk-full campaign
// wants to see that the watch itself survives), writing down each event as "TYPE name resourceVersion".
interface WatchLine {
  type: string;
  object: { metadata?: { name?: string; resourceVersion?: string }; message?: string };
}

export class PodWatch {
  readonly seen: string[] = [];
  /** Why the watch ended early (a stream error, an ERROR event, the server closing it), if it did. */
  error: string | undefined;
  private readonly abort = new AbortController();
  private stopped = false;

  constructor(url: string, path: string, fromRv: string) {
    void this.run(`${url}${path}?watch=1&resourceVersion=${fromRv}`);
  }

  stop(): void {
    this.stopped = true;
    this.abort.abort();
  }

  private async run(url: string): Promise<void> {
    try {
      const res = await fetch(url, { signal: this.abort.signal });
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
      let buffered = '';
      const decoder = new TextDecoder();
      for await (const chunk of res.body) {
        buffered += decoder.decode(chunk as Uint8Array, { stream: true });
        let nl: number;
        while ((nl = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, nl).trim();
          buffered = buffered.slice(nl + 1);
          if (line) this.take(JSON.parse(line) as WatchLine);
        }
      }
      if (!this.stopped) this.error = 'the server ended the watch';
    } catch (e) {
      if (!this.stopped) this.error = e instanceof Error ? e.message : String(e);
    }
  }

  private take(line: WatchLine): void {
    if (line.type === 'BOOKMARK') return;
    if (line.type === 'ERROR') {
      this.error = `ERROR event: ${line.object.message ?? JSON.stringify(line.object)}`;
      return;
    }
    this.seen.push(`${line.type} ${line.object.metadata?.name} ${line.object.metadata?.resourceVersion}`);
  }
}
