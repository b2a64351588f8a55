import { describe, expect, it } from 'vitest'
import { createMemoryHistory } from 'vue-router'
import { createConsoleRouter, sectionRoutes } from '.'
import { agentRoutes } from './agent-routes'

describe('agent routes', () => {
  it('replace the placeholders of the agent and supervisor sections and add the wallboard', async () => {
    const router = createConsoleRouter(createMemoryHistory())
    for (const path of ['/agent', '/supervisor', '/supervisor/wallboard']) {
      const resolved = router.resolve(path)
      const ours = agentRoutes.find((route) => route.path === path)!
      expect(resolved.matched[0]!.components!.default).toBe(ours.component)
    }
    const placeholder = sectionRoutes.find((route) => route.path === '/tickets')!.component
    expect(router.resolve('/agent').matched[0]!.components!.default).not.toBe(placeholder)
    // the menu still lists each section once
    expect(router.getRoutes().filter((route) => route.name === 'agent')).toHaveLength(1)
  })
})
