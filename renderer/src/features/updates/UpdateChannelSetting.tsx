// PLACEHOLDER: replaced by the auto-update work (issue 6). Keeps the settings page importable meanwhile.
export function UpdateChannelSetting(_props: { canUseServer: boolean }) {
  return null
}
