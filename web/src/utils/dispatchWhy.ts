// Why auto-assignment picked whom. The server writes the reason into the ticket's history in English
// ("least loaded: 王工 (load 3, 2 open) of 4 on duty"); these are its shapes (dispatch/assignment.cpp,
// dispatch/dispatcher.cpp), worded again in the UI's language. A reason of another shape is shown as
// the server wrote it.

import { i18n } from '../i18n'

type Rule = [RegExp, (m: RegExpExecArray) => string]

function rules(): Rule[] {
  const { t } = i18n.global
  return [
    [
      /^least loaded: (.+) \(load (\d+), (\d+) open\) of (\d+) on duty$/,
      (m) => t('dispatchWhy.leastLoaded', { name: m[1], load: m[2], open: m[3], pool: m[4] }),
    ],
    [
      /^round robin: (.+), next in turn of (\d+) on duty$/,
      (m) => t('dispatchWhy.roundRobin', { name: m[1], pool: m[2] }),
    ],
    [
      /^skill match: the category needs no skill; least loaded (.+) \(load (\d+), (\d+) open\)$/,
      (m) => t('dispatchWhy.skillNone', { name: m[1], load: m[2], open: m[3] }),
    ],
    [
      /^skill match: nobody on duty has (.+); least loaded (.+) \(load (\d+), (\d+) open\)$/,
      (m) => t('dispatchWhy.skillNobody', { needs: m[1], name: m[2], load: m[3], open: m[4] }),
    ],
    [
      /^skill match: (.+) has (.+) \(score (\d+)\), (\d+) able of (\d+) on duty$/,
      (m) =>
        t('dispatchWhy.skillMatch', {
          name: m[1],
          needs: m[2],
          score: m[3],
          able: m[4],
          pool: m[5],
        }),
    ],
    [/^outside the team's working hours: waits in the team's queue$/, () => t('dispatchWhy.hours')],
    [/^manual assignment(: waits in the team's queue)?$/, () => t('dispatchWhy.manual')],
    [
      /^(the team has no members|nobody can take it)(?:, (\d+) off duty)?(?:, (\d+) at capacity \((\d+)\))?: waits in the team's queue$/,
      (m) => {
        const parts = [
          m[1] === 'the team has no members' ? t('dispatchWhy.noMembers') : t('dispatchWhy.nobody'),
        ]
        if (m[2]) parts.push(t('dispatchWhy.offDuty', { n: m[2] }))
        if (m[3]) parts.push(t('dispatchWhy.full', { n: m[3], capacity: m[4] }))
        return t('dispatchWhy.queued', { why: parts.join(t('dispatchWhy.separator')) })
      },
    ],
  ]
}

/** The server's reason in the UI's language (as written when its shape is unknown). */
export function dispatchWhy(text: string | null | undefined): string {
  const raw = (text ?? '').trim()
  for (const [pattern, word] of rules()) {
    const m = pattern.exec(raw)
    if (m) return word(m)
  }
  return raw
}
