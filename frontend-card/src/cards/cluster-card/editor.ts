import { JarvisFormEditor } from "../../shared/form-editor.js";
import { CLUSTER_CARD_SCHEMA } from "./config.js";

export class JarvisClusterCardEditor extends JarvisFormEditor {
  protected readonly schema = CLUSTER_CARD_SCHEMA;
}

customElements.get("jarvis-cluster-card-editor") ?? customElements.define("jarvis-cluster-card-editor", JarvisClusterCardEditor);
