/** Slack's documented Block Kit limits, enforced by the builders. */
export const SlackLimits = {
  blocksPerMessage: 50,
  blocksPerModal: 100,
  sectionText: 3000,
  sectionFieldText: 2000,
  sectionFields: 10,
  headerText: 150,
  contextElements: 10,
  optionText: 75,
  staticSelectOptions: 100,
  radioOptions: 10,
  modalTitle: 24,
  privateMetadata: 3000,
  messageText: 4000,
} as const;
