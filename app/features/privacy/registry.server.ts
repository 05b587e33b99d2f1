import { accountsPrivacy } from '~/features/accounts/privacy.server'
import { adminPrivacy } from '~/features/admin/privacy.server'
import { campaignsPrivacy } from '~/features/campaigns/privacy.server'
import { careersPrivacy } from '~/features/careers/privacy.server'
import { directoryPrivacy } from '~/features/directory/privacy.server'
import { duesPrivacy } from '~/features/dues/privacy.server'
import { eventsPrivacy } from '~/features/events/privacy.server'
import { groupsPrivacy } from '~/features/groups/privacy.server'
import { moderationPrivacy } from '~/features/moderation/privacy.server'
import { sharedPrivacy } from '~/features/privacy/privacy.server'
import { outreachPrivacy } from '~/features/outreach/privacy.server'
import { referralsPrivacy } from '~/features/referrals/privacy.server'
import { rosterPrivacy } from '~/features/roster/privacy.server'
import { activationPrivacy } from '~/features/roster/activation-privacy.server'
import { electionCandidaciesPrivacy } from '~/features/elections/candidacies-privacy.server'
import { electionVotingPrivacy } from '~/features/elections/voting-privacy.server'
import { electionsPrivacy } from '~/features/elections/privacy.server'
import type { NotPersonal, PrivacyDeclarations, PrivacyEntry } from '~/features/privacy/schema'

/**
 * Every area's declarations, gathered (issue #16). Retention (jobs.server.ts), the policy
 * (/confidentialite) and the README's table are read from here; the registry test checks it
 * against the database schema, so a table holding personal data cannot be left out.
 */
export const PRIVACY_DECLARATIONS: Record<string, PrivacyDeclarations> = {
  accounts: accountsPrivacy,
  admin: adminPrivacy,
  directory: directoryPrivacy,
  dues: duesPrivacy,
  groups: groupsPrivacy,
  events: eventsPrivacy,
  campaigns: campaignsPrivacy,
  careers: careersPrivacy,
  moderation: moderationPrivacy,
  outreach: outreachPrivacy,
  referrals: referralsPrivacy,
  roster: rosterPrivacy,
  activation: activationPrivacy,
  electionCandidacies: electionCandidaciesPrivacy,
  electionVoting: electionVotingPrivacy,
  elections: electionsPrivacy,
  shared: sharedPrivacy,
}

export const privacyRegistry: readonly PrivacyEntry[] = Object.values(PRIVACY_DECLARATIONS).flatMap((d) => d.entries)
export const notPersonalTables: readonly NotPersonal[] = Object.values(PRIVACY_DECLARATIONS).flatMap((d) => d.notPersonal ?? [])
