import { canonicalJson, sha256Hex } from '@fleetgate/common';
import { GUARDS_POLICY_DEFINITION } from '../../../migrations/1764088000000-guards';
import { DEFAULT_POLICY, DEFAULT_POLICY_WITH_GUARDS } from './default-policy';

describe('DEFAULT_POLICY', () => {
  it('is frozen as default@1: a change ships as a new proposed version written by a migration (see the README)', () => {
    // Installations already judged requests under this exact text; editing it would change what
    // "default v1" means on a fresh database only. Add a migration that inserts the next version
    // of `default` with status `proposed` instead, and leave this value alone.
    expect(sha256Hex(canonicalJson(DEFAULT_POLICY))).toBe('3ac32f9cf36a4329dcd0884daf45c0498401ac07e0282b91b184eeaeace03d57');
  });

  it("ships its guards as default's next version: the migration's frozen text is DEFAULT_POLICY_WITH_GUARDS", () => {
    expect(canonicalJson(GUARDS_POLICY_DEFINITION)).toBe(canonicalJson(DEFAULT_POLICY_WITH_GUARDS));
    expect(DEFAULT_POLICY_WITH_GUARDS.rules.slice(0, DEFAULT_POLICY.rules.length)).toEqual(DEFAULT_POLICY.rules);
  });
});
