import { parentPort } from 'node:worker_threads';
import { assessMachine } from '../assess-machine.util';
import { ProfileView } from '../profile-view.util';
import { AssessRequest, AssessResponse, ProfileCache, ThreadMessage } from './assessment-pool';

/**
 * One thread of the `AssessmentPool`: answers each request with `assessMachine` of it. Reference
 * profiles arrive once per thread and are kept by id (`ProfileCache`, the same bounded rule the
 * pool mirrors), so a run's machines do not copy the same profile 400 times.
 */
const profiles = new ProfileCache<ProfileView>();

parentPort!.on('message', (request: AssessRequest) => {
  let response: AssessResponse;
  try {
    if (request.profile) profiles.add(request.profileId, request.profile);
    const profile = profiles.get(request.profileId);
    if (!profile) throw new Error(`assessment thread: reference profile ${request.profileId} was never sent`);
    response = { id: request.id, assessment: assessMachine({ ...request.args, profile }) };
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    response = { id: request.id, error: { message: error.message, stack: error.stack ?? '' } };
  }
  parentPort!.postMessage(response);
});

// The modules above are loaded: the pool may count this thread as started.
parentPort!.postMessage({ ready: true } satisfies ThreadMessage);
