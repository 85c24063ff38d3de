// HTML from the server is cleaned once more in the browser before it is shown (defence in depth:
// the server escapes snippets and sanitises rendered Markdown and email bodies, but a bug there must
// not become a script in someone's session). Everything that shows HTML goes through
// components/SafeHtml.vue.

import DOMPurify from 'dompurify'

/** A search snippet: text with <mark> around the matches; every other tag and attribute goes. */
export function sanitizeSnippet(html: string): string {
  return DOMPurify.sanitize(html, { ALLOWED_TAGS: ['mark'], ALLOWED_ATTR: [] })
}

/**
 * An article's rendered Markdown: ordinary HTML (headings, lists, tables, code, links, images);
 * no scripts, event handlers, javascript: URLs, forms, frames, or styles that could cover the page.
 */
export function sanitizeArticle(html: string): string {
  return DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object'],
    FORBID_ATTR: ['style'],
  })
}

// The only images an email body may show: its own attachments, as the server rewrote its cid: links
// (/api/v1/attachments/{id}?inline=1), and images carried in the HTML itself (data:). Anything else
// would be fetched from the sender's server when an agent opens the ticket (tracking pixels,
// internal addresses), so it is dropped.
const OWN_IMAGE =
  /^(\/api\/v1\/attachments\/\d+(\?inline=1)?|data:image\/(png|gif|jpeg|webp);base64,[A-Za-z0-9+/=\s]*)$/

/**
 * A received email's HTML body: the article rules, plus no media, no remote images or backgrounds,
 * and links that open in a new tab without telling the target where they came from.
 */
export function sanitizeEmail(html: string): string {
  DOMPurify.addHook('afterSanitizeAttributes', emailHook)
  try {
    return DOMPurify.sanitize(html, {
      USE_PROFILES: { html: true },
      FORBID_TAGS: [
        'style',
        'form',
        'input',
        'button',
        'textarea',
        'select',
        'iframe',
        'object',
        'embed',
        'video',
        'audio',
        'source',
        'track',
        'picture',
      ],
      FORBID_ATTR: ['style', 'background', 'srcset', 'ping'],
      ADD_ATTR: ['target'],
    })
  } finally {
    DOMPurify.removeHook('afterSanitizeAttributes', emailHook)
  }
}

function emailHook(node: Element): void {
  if (node.tagName === 'IMG') {
    // A blocked image leaves its description, if it has one, instead of a broken-image box.
    if (!OWN_IMAGE.test(node.getAttribute('src') ?? '')) {
      const alt = node.getAttribute('alt')?.trim() ?? ''
      node.replaceWith(alt ? `[${alt}]` : '')
    }
  } else if (node.tagName === 'A' && node.hasAttribute('href')) {
    node.setAttribute('target', '_blank')
    node.setAttribute('rel', 'noopener noreferrer')
  }
}
