// Voice: push-to-talk (hold the button, or tap/Enter to start and again to send) streams the microphone, as
// 16 kHz PCM while the person speaks, to voice/start|audio|stop; the transcript and the streamed reply show
// as a conversation and the reply's audio plays chunk by chunk as it arrives. Hands-free listens for "hey Jarvis" and starts a turn by itself.
import { css, html, nothing } from "lit";
import { themeStyles } from "../../shared/styles.js";
import { TransportView } from "../../shared/transport-view.js";
import { Conversation } from "../chat/conversation.js";
import { messageStyles, renderMessage } from "../chat/messages.js";
import type { ConversationEvent } from "../chat/model.js";
import { AudioQueue } from "./player.js";
import { PCM_RATE, Recorder, toBase64 } from "./recorder.js";
import { listenForWakeWord, type WakeWordListener } from "./wakeword.js";

type Phase = "idle" | "recording" | "thinking";

/** A press held this long is push-to-talk (release sends); shorter presses toggle. */
const HOLD_MS = 400;
/** Hands-free turns end at the first pause, or after this long. */
const HANDS_FREE_MAX_MS = 10_000;

export class JarvisVoiceView extends TransportView {
  static override properties = {
    phase: { state: true },
    problem: { state: true },
    handsFree: { state: true },
    played: { state: true },
    language: {},
  };
  static override styles = [
    themeStyles,
    messageStyles,
    css`
      :host {
        display: grid;
        gap: 10px;
      }
      .controls {
        display: flex;
        gap: 10px;
        align-items: center;
        flex-wrap: wrap;
      }
      .talk {
        min-width: 9rem;
        min-height: 3rem;
        border-radius: 24px;
      }
      .talk[aria-pressed="true"] {
        background: var(--jv-error-strong);
        color: var(--jv-on-primary);
      }
      .log {
        max-height: var(--jarvis-chat-height, 300px);
      }
    `,
  ];

  phase: Phase = "idle";
  problem?: string;
  handsFree = false;
  played = 0;
  language?: string;
  private readonly conversation = new Conversation(() => this.requestUpdate());
  private readonly player = new AudioQueue((n) => (this.played = n));
  private recorder?: Recorder;
  private voiceId?: string;
  private uploads: Promise<unknown> = Promise.resolve();
  private pressAt = 0;
  private stopOnRelease = false;
  private wake?: WakeWordListener;
  private handsFreeTimer?: ReturnType<typeof setTimeout>;

  protected override start(): void {}

  protected override stop(): void {
    void this.cancel();
    void this.setHandsFree(false);
  }

  private async begin(): Promise<void> {
    const transport = this.transport;
    if (!transport || this.phase !== "idle") return;
    this.problem = undefined;
    this.phase = "recording";
    this.player.stop();
    // Each recording uploads on a chain of its own: a failed upload of an earlier one is not this one's.
    this.uploads = Promise.resolve();
    try {
      const started = transport.call<{ voice_id: string }>("voice/start", {
        format: "pcm16",
        rate: PCM_RATE,
        ...this.conversation.continuation(),
        ...(this.language ? { language: this.language } : {}),
      });
      this.recorder = await Recorder.open((pcm) => {
        // Chunks go in order, each after the previous upload was accepted.
        this.uploads = this.uploads.then(async () => {
          const { voice_id } = await started;
          await transport.call("voice/audio", { voice_id, data: toBase64(pcm) });
        });
      });
      this.voiceId = (await started).voice_id;
    } catch (err) {
      this.problem = `Cannot listen: ${(err as Error).message}`;
      await this.cancel();
    }
  }

  private async end(): Promise<void> {
    const transport = this.transport;
    if (!transport || this.phase !== "recording" || !this.recorder) return;
    this.phase = "thinking";
    clearTimeout(this.handsFreeTimer);
    await this.recorder.stop();
    this.recorder = undefined;
    try {
      await this.uploads;
    } catch (err) {
      this.problem = `Audio upload failed: ${(err as Error).message}`;
    }
    this.uploads = Promise.resolve();
    await this.conversation.turn(transport, "voice/stop", { voice_id: this.voiceId }, {
      onOther: (ev: ConversationEvent) => {
        if (ev.type === "audio") this.player.enqueue(ev.data, ev.mime);
      },
    });
    this.phase = "idle";
  }

  private async cancel(): Promise<void> {
    clearTimeout(this.handsFreeTimer);
    await this.recorder?.stop();
    this.recorder = undefined;
    // A cancelled recording's uploads may still fail (Jarvis dropped it); nobody waits for them.
    this.uploads.catch(() => undefined);
    this.uploads = Promise.resolve();
    this.phase = "idle";
  }

  private pointerDown(e: PointerEvent): void {
    if (e.button !== 0) return;
    this.stopOnRelease = this.phase === "recording";
    this.pressAt = Date.now();
    if (this.phase === "idle") void this.begin();
  }

  private pointerUp(): void {
    if (this.phase === "recording" && (this.stopOnRelease || Date.now() - this.pressAt >= HOLD_MS)) void this.end();
  }

  /** Keyboard and assistive tech "click" (detail 0): toggle. */
  private tap(e: MouseEvent): void {
    if (e.detail !== 0) return;
    if (this.phase === "idle") void this.begin();
    else if (this.phase === "recording") void this.end();
  }

  private async setHandsFree(on: boolean): Promise<void> {
    this.handsFree = on;
    if (!on) {
      await this.wake?.stop();
      this.wake = undefined;
      return;
    }
    try {
      this.wake = await listenForWakeWord({
        onDetect: () => {
          if (this.phase !== "idle") return;
          void this.begin();
          this.handsFreeTimer = setTimeout(() => void this.end(), HANDS_FREE_MAX_MS);
        },
        onSpeechEnd: () => void this.end(),
        onError: (err) => (this.problem = `Wake word: ${err.message}`),
      });
    } catch (err) {
      this.problem = `Hands-free is unavailable: ${(err as Error).message}`;
      this.handsFree = false;
    }
  }

  protected override render() {
    const t = this.transport;
    const label = { idle: "Hold to talk", recording: "Listening… release to send", thinking: "Thinking…" }[this.phase];
    return html`<div class="controls">
        <button class="talk primary" aria-pressed=${this.phase === "recording"} ?disabled=${!t || this.phase === "thinking"}
          @pointerdown=${this.pointerDown} @pointerup=${this.pointerUp} @click=${this.tap}
          aria-describedby="voice-hint">${label}</button>
        <label><input type="checkbox" .checked=${this.handsFree} @change=${(e: Event) => void this.setHandsFree((e.target as HTMLInputElement).checked)} />
          Hands-free ("hey Jarvis")</label>
        <span class="sr-only" id="voice-hint">Hold the button while speaking, or press it once to start and again to send.</span>
      </div>
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : nothing}
      <div class="log" role="log" tabindex="0" aria-live="polite" aria-label="Voice conversation" data-played=${this.played}>
        ${this.conversation.messages.map((m) => renderMessage(m, (a, ok, key) => t && void this.conversation.decide(t, a, ok, key)))}
      </div>`;
  }
}

customElements.get("jarvis-voice-view") ?? customElements.define("jarvis-voice-view", JarvisVoiceView);
