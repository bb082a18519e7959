import type { types } from '@slack/bolt';

export interface PageButton {
  actionId: string;
  text: string;
  /** Says which page to show; at most Slack's 2000 characters (the encoders keep it far below). */
  value: string;
}

/** The Newer/Older (or Previous/Next) buttons under a paged list; none when there is one page. */
export function pageButtons(buttons: (PageButton | undefined)[]): types.KnownBlock[] {
  const present = buttons.filter((b): b is PageButton => b !== undefined);
  if (present.length === 0) return [];
  return [
    {
      type: 'actions',
      block_id: 'page',
      elements: present.map((b) => ({
        type: 'button',
        action_id: b.actionId,
        text: { type: 'plain_text', text: b.text },
        value: b.value,
      })),
    },
  ];
}
