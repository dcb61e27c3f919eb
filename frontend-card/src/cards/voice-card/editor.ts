import { JarvisFormEditor } from "../../shared/form-editor.js";
import { VOICE_CARD_SCHEMA } from "./config.js";

export class JarvisVoiceCardEditor extends JarvisFormEditor {
  protected readonly schema = VOICE_CARD_SCHEMA;
}

customElements.get("jarvis-voice-card-editor") ?? customElements.define("jarvis-voice-card-editor", JarvisVoiceCardEditor);
