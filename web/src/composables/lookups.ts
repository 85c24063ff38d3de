// Small reference lists (teams, categories) fetched once per page load and shared, plus a cache of
// user names for rendering history entries that carry only ids.

import { computed, ref, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { categoriesApi, teamsApi, usersApi, type Category, type Team } from '../api'

const teams = ref<Team[]>([])
const categories = ref<Category[]>([])
let teamsPromise: Promise<void> | null = null
let categoriesPromise: Promise<void> | null = null

/** Teams, for agents only (the route is agent-only). `reload` after a team was added or changed. */
export function useTeams(): {
  teams: Ref<Team[]>
  load: () => Promise<void>
  reload: () => Promise<void>
} {
  const load = () => {
    if (!teamsPromise) {
      teamsPromise = teamsApi
        .list()
        .then((page) => {
          teams.value = page.items
        })
        .catch(() => {
          teamsPromise = null
        })
    }
    return teamsPromise
  }
  const reload = () => {
    teamsPromise = null
    return load()
  }
  return { teams, load, reload }
}

// A type alias (not an interface) so it fits Element Plus' indexable CascaderOption.
export type CategoryNode = {
  id: number
  label: string
  children?: CategoryNode[]
}

/** Categories as a tree for a cascader, labelled in the current language. */
export function useCategories() {
  const { locale } = useI18n()
  const load = () => {
    if (!categoriesPromise) {
      categoriesPromise = categoriesApi
        .list()
        .then((answer) => {
          categories.value = answer.items
        })
        .catch(() => {
          categoriesPromise = null
        })
    }
    return categoriesPromise
  }
  const labelOf = (c: { name: string; name_en: string }) =>
    locale.value === 'en' && c.name_en ? c.name_en : c.name
  const tree = computed<CategoryNode[]>(() => {
    const byParent = new Map<number | null, Category[]>()
    for (const c of categories.value) {
      const key = c.parent_id ?? null
      const list = byParent.get(key) ?? []
      list.push(c)
      byParent.set(key, list)
    }
    const build = (parent: number | null, depth: number): CategoryNode[] =>
      (byParent.get(parent) ?? []).map((c) => {
        const children = depth < 8 ? build(c.id, depth + 1) : []
        return children.length > 0
          ? { id: c.id, label: labelOf(c), children }
          : { id: c.id, label: labelOf(c) }
      })
    return build(null, 0)
  })
  /** "硬件 / 打印机" or "Hardware / Printers" for a category id. */
  const pathOf = (id: number | null | undefined): string => {
    if (id === null || id === undefined) return ''
    const byId = new Map(categories.value.map((c) => [c.id, c]))
    const names: string[] = []
    let current = byId.get(id)
    while (current && names.length < 8) {
      names.unshift(labelOf(current))
      current = current.parent_id === null ? undefined : byId.get(current.parent_id)
    }
    return names.join(' / ')
  }
  return { categories, tree, load, pathOf, labelOf }
}

const userNames = ref<Record<number, string>>({})
const pendingUsers = new Set<number>()

/** Remembers names seen elsewhere (ticket refs, search results) and looks up the rest. */
export function useUserNames() {
  const remember = (id: number | null | undefined, name: string | null | undefined) => {
    if (id !== null && id !== undefined && name) userNames.value[id] = name
  }
  const fetchName = (id: number) => {
    if (id in userNames.value || pendingUsers.has(id)) return
    pendingUsers.add(id)
    usersApi
      .get(id, { silent: true })
      .then((u) => remember(u.id, u.name))
      .catch(() => undefined)
      .finally(() => pendingUsers.delete(id))
  }
  const nameOf = (id: number) => userNames.value[id]
  return { remember, fetchName, nameOf }
}
