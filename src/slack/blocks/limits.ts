/**
 * Slack's documented Block Kit limits, enforced by the builders. From the Block Kit reference
 * (https://docs.slack.dev/reference/block-kit/blocks, …/block-elements, …/composition-objects,
 * https://docs.slack.dev/surfaces/modals) as @slack/types repeats them in its comments.
 */
export const SlackLimits = {
  blocksPerMessage: 50,
  blocksPerModal: 100,
  sectionText: 3000,
  sectionFieldText: 2000,
  sectionFields: 10,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  optionText: 75,
  optionValue: 75,
  staticSelectOptions: 100,
  radioOptions: 10,
  textInputLength: 3000,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  /** Slack truncates a message's top-level text far later; 4000 keeps notifications readable. */
  messageText: 4000,
} as const;
