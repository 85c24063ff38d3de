// HTML from the server is cleaned once more in the browser before it is shown (defence in depth:
// the server escapes snippets and sanitises rendered Markdown, but a bug there must not become a
// script in someone's session). Everything that shows HTML goes through components/SafeHtml.vue.

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
