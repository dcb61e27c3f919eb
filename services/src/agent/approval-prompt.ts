// How to approve what a reply holds, said by Jarvis itself at the end of the reply (never left to a model):
// the button, where the reply shows one, and the words to answer with. The words are named, never said: the
// approval keyword and override key are the household's own, and a reply that spelled them out would be
// spoken by a satellite and heard back as the person's answer (see ApprovalWords).

export interface PromptFor {
  /** The reply shows an Approve button under it (the card, typed or by voice). */
  approveButton: boolean;
  /** The person may approve a RED action (mayApprove): an admin. */
  admin: boolean;
}

/** One sentence per kind of approval waiting, or "" when nothing waits. */
export function howToApprove(needs: ReadonlySet<"keyword" | "override">, to: PromptFor): string {
  const said: string[] = [];
  if (needs.has("keyword")) {
    said.push(to.approveButton ? "To go ahead, press Approve under this reply, or answer with your approval keyword." : "To go ahead, answer with your approval keyword.");
  }
  if (needs.has("override")) {
    said.push(
      !to.admin
        ? "A destructive action needs the override key, and only a Home Assistant admin can approve it."
        : to.approveButton
          ? "A destructive action goes ahead when you type the override key under this reply and press Approve, or answer with the override key."
          : "A destructive action goes ahead when you answer with the override key.",
    );
  }
  return said.join(" ");
}
