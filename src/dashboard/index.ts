// The live web page: served by the gateway at /, drawn in the browser from the
// GraphQL API (schema/operations) and kept current by the events subscription.
export { dashboardHandler, isDashboardPath, type DashboardHandler } from './handler.ts';
export { dashboardBundle, type DashboardBundle } from './bundle.ts';
