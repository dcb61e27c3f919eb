// Plays reply audio chunks in order as they arrive, each as soon as the previous one ended.

export class AudioQueue {
  private tail: Promise<void> = Promise.resolve();
  private current?: HTMLAudioElement;
  played = 0;

  constructor(private readonly onPlayed: (count: number) => void = () => undefined) {}

  enqueue(base64: string, mime: string): void {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
    this.tail = this.tail.then(() => this.play(url));
  }

  private play(url: string): Promise<void> {
    return new Promise<void>((resolve) => {
      const audio = new Audio(url);
      this.current = audio;
      const done = () => {
        URL.revokeObjectURL(url);
        this.onPlayed(++this.played);
        resolve();
      };
      audio.onended = done;
      audio.onerror = done;
      audio.play().catch(done);
    });
  }

  stop(): void {
    this.current?.pause();
    this.tail = Promise.resolve();
  }
}
