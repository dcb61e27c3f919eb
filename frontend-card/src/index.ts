// The card bundle (jarvis-card.js): registers the cards and the ingress page's app at import. The terminal
// and the wake word engine are separate files loaded from beside this one when first needed.
import "./cards/jarvis-card/card.js";
import "./cards/cluster-card/card.js";
import "./cards/voice-card/card.js";
import "./app/jarvis-app.js";
