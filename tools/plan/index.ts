export { buildPlan, type Plan, type PlanOptions, type PlanRow } from './build-plan';
export { formatPlanMarkdown, planToJson, renderPlanMarkdown, resolveCampaigns, type RenderPlanOptions } from './render-plan-markdown';
