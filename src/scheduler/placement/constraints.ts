import { matchesLike, type Constraint } from '../../apps/index.ts';
import { fieldValue, type Candidate } from './candidate.ts';

/** Whether `candidate` may take one more task of the app, given where the app's tasks already are (Marathon semantics). */
export function meetsConstraint([field, operator, value]: Constraint, candidate: Candidate, all: Candidate[]): boolean {
  const here = fieldValue(candidate, field);
  const countWith = (wanted: string | undefined) => all.filter((other) => fieldValue(other, field) === wanted).reduce((sum, other) => sum + other.appTasks, 0);
  switch (operator) {
    case 'UNIQUE':
      return here !== undefined && countWith(here) === 0;
    case 'CLUSTER': {
      if (value !== undefined) return here === value;
      const occupied = all.filter((other) => other.appTasks > 0).map((other) => fieldValue(other, field));
      return here !== undefined && occupied.every((other) => other === here);
    }
    case 'GROUP_BY': {
      if (here === undefined) return false;
      const values = new Set(all.map((other) => fieldValue(other, field)).filter((found) => found !== undefined));
      const fewest = Math.min(...[...values].map(countWith));
      if (countWith(here) !== fewest) return false;
      // With a value ("3"), Marathon's minimum of groups: once every group seen has a task, the next
      // waits for a group not seen yet rather than doubling up, until that many groups are there.
      return fewest === 0 || value === undefined || values.size >= Number(value);
    }
    case 'LIKE':
      return here !== undefined && matchesLike(value!, here) === true;
    case 'UNLIKE':
      return here === undefined || matchesLike(value!, here) === false;
    case 'MAX_PER':
      return here !== undefined && countWith(here) < Number(value);
    case 'IS':
      return here === value;
  }
}

export const describeConstraint = (constraint: Constraint) => constraint.filter((part) => part !== undefined).join(' ');
