// PLACEHOLDER: replaced by the auto-update work (issue 6). Keeps the shell importable meanwhile.
export function UpdateBanner() {
  return null
}
