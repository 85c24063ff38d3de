// File sizes in the UI's words: "512 B", "34.5 KB", "2.1 MB".

import { i18n } from '../i18n'

export function fileSize(bytes: number): string {
  const { t } = i18n.global
  if (bytes < 1024) return t('kb.size.b', { n: bytes })
  if (bytes < 1024 * 1024) return t('kb.size.kb', { n: (bytes / 1024).toFixed(1) })
  return t('kb.size.mb', { n: (bytes / (1024 * 1024)).toFixed(1) })
}
