// The terminal bundle (jarvis-terminal.js): xterm.js and its fit addon, loaded only when a terminal opens.
import { FitAddon } from "@xterm/addon-fit";
import { Terminal } from "@xterm/xterm";
import xtermCss from "@xterm/xterm/css/xterm.css";
import type { TerminalHandle, TerminalModule } from "./views/terminal/terminal-view.js";

export const createTerminal: TerminalModule["createTerminal"] = (root, host, handlers): TerminalHandle => {
  const style = document.createElement("style");
  style.textContent = xtermCss;
  root.appendChild(style);
  const term = new Terminal({ convertEol: false, cursorBlink: true, fontSize: 13, screenReaderMode: handlers.screenReader });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.open(host);
  fit.fit();
  term.onData(handlers.onData);
  term.onResize(({ cols, rows }) => handlers.onResize(cols, rows));
  const observer = new ResizeObserver(() => fit.fit());
  observer.observe(host);
  term.focus();
  return {
    cols: term.cols,
    rows: term.rows,
    write: (data) => term.write(data),
    dispose: () => {
      observer.disconnect();
      term.dispose();
      style.remove();
    },
  };
};
