import { BUDGETS, MASK_SOURCES, REPRODUCE_SYSTEMS, type SystemSpec } from '../../shared/api';

/** One system of the reproduction as the app shows it, from the systems table. */
export interface SystemRow {
  key: string;
  system: string;
  label: string;
  startsFrom: string;
  masks: string;
  budget: string;
  toldLanguage: boolean;
  computeMatched: boolean;
}

export function systemRows(systems: readonly SystemSpec[] = REPRODUCE_SYSTEMS): SystemRow[] {
  return systems.map((s) => ({
    key: `${s.system}${s.computeMatched ? '*' : ''}`,
    system: s.system,
    label: s.label,
    startsFrom: s.parent ?? 'nothing (from scratch)',
    masks: MASK_SOURCES[s.maskSource],
    budget: BUDGETS[s.budget],
    toldLanguage: s.toldLanguage,
    computeMatched: s.computeMatched,
  }));
}

/** The table's systems told the language at test time and those not, each name once. */
export function toldLanguageSystems(systems: readonly SystemSpec[] = REPRODUCE_SYSTEMS): {
  told: string[];
  notTold: string[];
} {
  const names = (told: boolean) => [
    ...new Set(systems.filter((s) => s.toldLanguage === told).map((s) => s.system)),
  ];
  return { told: names(true), notTold: names(false) };
}
