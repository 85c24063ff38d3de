// Email addresses in the UI: a check that an address looks like one (the server checks for real),
// and a name with its address as mail programs show them.

import type { MailAddress, OutboxState } from '../api'

/** Most addresses a reply may copy (cc). */
export const MAX_CC = 20

// local@domain.tld: no spaces, brackets, commas or semicolons; the domain has a dot.
const EMAIL_LIKE = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]+$/

/** Whether `text` looks like one email address (at most 254 characters). */
export function isEmailAddress(text: string): boolean {
  return text.length <= 254 && EMAIL_LIKE.test(text)
}

/**
 * One address as typed or pasted: trimmed, "张三 <zhangsan@example.com>" reduced to the address,
 * a trailing comma or semicolon dropped.
 */
export function normalizeAddress(text: string): string {
  const trimmed = text.trim().replace(/[,;，；]+$/, '')
  const angle = /<([^<>]+)>\s*$/.exec(trimmed)
  return (angle ? angle[1] : trimmed).trim()
}

/** "张三 <zhangsan@example.com>", or the bare address when there is no name. */
export function addressText(a: MailAddress): string {
  return a.name ? `${a.name} <${a.addr}>` : a.addr
}

/** The tag colour of a sending state: waiting grey, under way blue, sent green, failed red. */
export function outboxStateType(state: OutboxState): 'info' | 'primary' | 'success' | 'danger' {
  switch (state) {
    case 'sent':
      return 'success'
    case 'failed':
      return 'danger'
    case 'sending':
      return 'primary'
    default:
      return 'info'
  }
}
