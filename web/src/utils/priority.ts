import type { Level, Priority } from '../api/types'

// Impact x urgency -> priority, as the server computes it when no agent sets one.
const MATRIX: Record<Level, Record<Level, Priority>> = {
  high: { high: 'P1', medium: 'P2', low: 'P3' },
  medium: { high: 'P2', medium: 'P3', low: 'P4' },
  low: { high: 'P3', medium: 'P4', low: 'P4' },
}

export function priorityOf(impact: Level, urgency: Level): Priority {
  return MATRIX[impact][urgency]
}
