import type { DashboardApp } from './AppCard.tsx';
import { percent } from './format.ts';

type Deployment = DashboardApp['deployments'][number];

/** The deployment under way: its kind, steps done of all, and the step being taken. */
export function DeploymentBar({ deployment }: { deployment: Deployment }) {
  const done = percent(deployment.stepsDone, deployment.totalSteps);
  return (
    <div class="deployment" data-deployment-id={deployment.id}>
      <span class="deployment-kind">{deployment.kind}</span>
      <span
        class="meter-bar"
        role="progressbar"
        aria-label="deployment progress"
        aria-valuemin={0}
        aria-valuemax={deployment.totalSteps}
        aria-valuenow={deployment.stepsDone}
      >
        <span class="meter-fill deploying" style={{ width: `${done}%` }} />
      </span>
      <span class="deployment-steps">
        step {Math.min(deployment.stepsDone + 1, deployment.totalSteps)} of {deployment.totalSteps}
        {deployment.currentStep ? `: ${deployment.currentStep.description}` : ''}
      </span>
    </div>
  );
}
