import { isActive, type KnownAlert, type Problem, type Sighting } from "@/lib/core/alerts/problem";

// One alert per problem, never per run. A problem found again touches its alert (last seen, count; an acknowledged
// alert stays acknowledged); a problem found for the first time opens one; a problem that comes back after its alert
// was resolved reopens that alert (the key is unique, and its history, first seen and times seen, stays in one
// place), clearing the acknowledgement, which was about the earlier occurrence. An active alert is resolved only by a
// run that could have found its problem again and did not.

export interface AlertChanges {
  open: Problem[];
  reopen: { id: string; problem: Problem }[];
  touch: { id: string; problem: Problem }[];
  resolve: string[];
}

export function reconcileAlerts(known: KnownAlert[], sighting: Sighting): AlertChanges {
  const byKey = new Map(known.map((alert) => [alert.key, alert]));
  const changes: AlertChanges = { open: [], reopen: [], touch: [], resolve: [] };
  const found = new Set<string>();
  for (const problem of sighting.problems) {
    if (found.has(problem.key)) continue; // two rows naming one problem (e.g. one trail seen in two regions)
    found.add(problem.key);
    const alert = byKey.get(problem.key);
    if (!alert) changes.open.push(problem);
    else if (isActive(alert)) changes.touch.push({ id: alert.id, problem });
    else changes.reopen.push({ id: alert.id, problem });
  }
  for (const alert of known) {
    if (isActive(alert) && !found.has(alert.key) && sighting.couldSee(alert)) changes.resolve.push(alert.id);
  }
  return changes;
}
