import { JarvisFormEditor } from "../../shared/form-editor.js";
import { JARVIS_CARD_SCHEMA } from "./config.js";

export class JarvisCardEditor extends JarvisFormEditor {
  protected readonly schema = JARVIS_CARD_SCHEMA;
}

customElements.get("jarvis-card-editor") ?? customElements.define("jarvis-card-editor", JarvisCardEditor);
