// Inserting text where the cursor is in an Element Plus textarea (macros in the reply box,
// placeholders in the macro editor).

/** The <textarea> of an ElInput of type "textarea" (its exposed `textarea`), once rendered. */
export function textareaOf(
  input: { textarea?: unknown } | null | undefined,
): HTMLTextAreaElement | null {
  const el = input?.textarea
  return el instanceof HTMLTextAreaElement ? el : null
}

/**
 * `value` with `text` in place of the textarea's selection (at the end when there is no textarea),
 * and where the cursor goes afterwards.
 */
export function insertAtCursor(
  el: HTMLTextAreaElement | null,
  value: string,
  text: string,
): { value: string; caret: number } {
  const start = el ? Math.min(el.selectionStart ?? value.length, value.length) : value.length
  const end = el ? Math.min(Math.max(el.selectionEnd ?? start, start), value.length) : value.length
  return { value: value.slice(0, start) + text + value.slice(end), caret: start + text.length }
}

/** Focuses the textarea with the cursor at `caret`. */
export function placeCaret(el: HTMLTextAreaElement | null, caret: number): void {
  if (!el) return
  el.focus()
  el.setSelectionRange(caret, caret)
}
