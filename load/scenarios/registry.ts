/**
 * The load scenarios specgate knows, registered once: `specgate load`, `specgate gate`, `npm run build:k6`,
 * `--merge` and the reports find a scenario here by name (and a report section by kind). Tests register
 * their own fixtures with {@link registerScenario}.
 */

import { type ScenarioSection, type SectionView, unknownSectionView } from "../../src/report/section-view.ts";
import { HEARTBEAT_EVICTION_SCENARIO } from "./heartbeat-eviction.scenario.ts";
import { RATE_LIMIT_SCENARIO } from "./rate-limit.scenario.ts";
import type { ScenarioDefinition } from "./scenario-definition.ts";

/** A registered scenario and the module that exports it (build:k6 bundles that module). */
export interface RegisteredScenario {
  definition: ScenarioDefinition;
  /** Path from the repository root of the module exporting `definition` as `exportName`. */
  module: string;
  exportName: string;
}

const REGISTRY = new Map<string, RegisteredScenario>();

/** Registers a scenario; a second one of the same name is refused. */
export function registerScenario(entry: RegisteredScenario): void {
  if (REGISTRY.has(entry.definition.name)) throw new Error(`scenario ${entry.definition.name} is registered twice`);
  REGISTRY.set(entry.definition.name, entry);
}

/** Removes a scenario (tests, after registering a fixture). */
export function unregisterScenario(name: string): void {
  REGISTRY.delete(name);
}

registerScenario({
  definition: HEARTBEAT_EVICTION_SCENARIO,
  module: "load/scenarios/heartbeat-eviction.scenario.ts",
  exportName: "HEARTBEAT_EVICTION_SCENARIO",
});
registerScenario({
  definition: RATE_LIMIT_SCENARIO,
  module: "load/scenarios/rate-limit.scenario.ts",
  exportName: "RATE_LIMIT_SCENARIO",
});

/** Every registered scenario, in registration order. */
export function registeredScenarios(): RegisteredScenario[] {
  return [...REGISTRY.values()];
}

/** Names of the registered scenarios. */
export function scenarioNames(): string[] {
  return [...REGISTRY.keys()];
}

/** The scenario `name`, or undefined. */
export function findScenario(name: string): ScenarioDefinition | undefined {
  return REGISTRY.get(name)?.definition;
}

/** How a stored section reads: by the registered scenario that writes its kind, else as JSON. */
export function viewSection(section: ScenarioSection): SectionView {
  for (const { definition } of REGISTRY.values())
    for (const k of definition.sections) if (k.kind === section.kind) return k.view(section.data);
  return unknownSectionView(section);
}
