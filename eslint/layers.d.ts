// Types for the plain-JS layering rule (ESLint loads the .js file directly, without TypeScript).
import type { Rule } from 'eslint';

export const ALLOWED: Record<string, string[]>;
export const layersRule: Rule.RuleModule;
