// Saves text the page already holds (an export) as a file in the browser's downloads.

/** A file name from a user-given name: no path separators or characters Windows refuses. */
export function fileNameOf(name: string, extension: string): string {
  const base = name.replace(/[\\/:*?"<>|\s]+/g, '_').replace(/^_+|_+$/g, '') || 'calendar'
  return `${base}.${extension}`
}

export function downloadText(fileName: string, text: string, mime: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${mime};charset=utf-8` }))
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  document.body.appendChild(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 0)
}
