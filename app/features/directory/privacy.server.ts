import { lt } from 'drizzle-orm'
import { contactRequests } from '../../../db/schema'
import type { PrivacyDeclarations } from '~/features/privacy/schema'
import { PHOTOS_AREA } from '~/features/directory/profiles.server'

/** The directory's tables in the privacy registry (issue #16): the profile and « Entrer en relation ». */
export const directoryPrivacy: PrivacyDeclarations = {
  entries: [
    {
      table: 'profiles',
      category: 'directory',
      data: 'privacy.data.profiles',
      purpose: 'privacy.purpose.directory',
      legalBasis: 'consent',
      recipients: ['self', 'members'],
      retention: [{ kind: 'while', what: 'privacy.while.account' }],
      people: [
        {
          column: 'user_id',
          holds: 'user',
          export: {
            columns: [
              'promotion',
              'diploma',
              'company',
              'job_title',
              'sector',
              'city',
              'country',
              'latitude',
              'longitude',
              'bio',
              'contacts',
              'in_directory',
              'contact_consent',
              'updated_at',
            ],
            files: [{ column: 'photo', area: PHOTOS_AREA }],
          },
          erase: { action: 'delete' },
        },
      ],
    },
    {
      table: 'contact_requests',
      category: 'messages',
      data: 'privacy.data.contactRequests',
      purpose: 'privacy.purpose.contactRequests',
      legalBasis: 'consent',
      recipients: ['recipient', 'webmasters'],
      retention: [
        {
          kind: 'after',
          duration: { years: 1 },
          since: 'privacy.since.sending',
          purge: (tx, { cutoff }) => ({ rows: tx.delete(contactRequests).where(lt(contactRequests.createdAt, cutoff)).run().changes }),
        },
      ],
      // Each side sees the other by name, as in the mail that carried the request.
      people: [
        { column: 'from_user_id', holds: 'user', export: { columns: ['message', 'created_at'], names: ['to_user_id'] }, erase: { action: 'delete' } },
        { column: 'to_user_id', holds: 'user', export: { columns: ['message', 'created_at'], names: ['from_user_id'] }, erase: { action: 'delete' } },
      ],
    },
  ],
}
