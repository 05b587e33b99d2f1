import { lt } from 'drizzle-orm'
import { jobApplications } from '../../../db/schema'
import type { PrivacyDeclarations } from '~/features/privacy/schema'
import { CV_AREA } from '~/features/careers/careers-applications.server'

/** Careers' tables in the privacy registry (issue #16): offers posted, applications and their CVs, alerts. */
export const careersPrivacy: PrivacyDeclarations = {
  entries: [
    {
      table: 'job_offers',
      category: 'careers',
      data: 'privacy.data.jobOffers',
      purpose: 'privacy.purpose.offers',
      legalBasis: 'contract',
      recipients: ['members', 'webmasters'],
      retention: [{ kind: 'while', what: 'privacy.while.account' }],
      people: [
        {
          column: 'author_id',
          holds: 'user',
          export: {
            columns: ['id', 'title', 'company', 'contract_type', 'city', 'country', 'application_email', 'status', 'created_at', 'published_at', 'closed_at'],
          },
          erase: { action: 'delete' },
        },
        { column: 'reviewed_by', holds: 'user', export: { columns: ['id', 'status', 'reviewed_at'] }, erase: { action: 'detach' } },
      ],
    },
    {
      table: 'job_applications',
      category: 'careers',
      data: 'privacy.data.jobApplications',
      purpose: 'privacy.purpose.applications',
      legalBasis: 'contract',
      recipients: ['self', 'recruiter'],
      retention: [
        {
          kind: 'after',
          duration: { years: 2 },
          since: 'privacy.since.application',
          purge: (tx, { cutoff }) => {
            const removed = tx
              .delete(jobApplications)
              .where(lt(jobApplications.createdAt, cutoff))
              .returning({ storedName: jobApplications.cvStoredName })
              .all()
            return { rows: removed.length, files: removed.map((r) => ({ area: CV_AREA, storedName: r.storedName })) }
          },
        },
      ],
      people: [
        {
          column: 'user_id',
          holds: 'user',
          export: {
            columns: ['offer_id', 'message', 'cv_original_name', 'cv_size', 'created_at', 'emailed_at'],
            files: [{ column: 'cv_stored_name', area: CV_AREA }],
          },
          erase: { action: 'delete' },
        },
      ],
    },
    {
      table: 'job_alerts',
      category: 'careers',
      data: 'privacy.data.jobAlerts',
      purpose: 'privacy.purpose.alerts',
      legalBasis: 'consent',
      recipients: ['self'],
      retention: [{ kind: 'while', what: 'privacy.while.alert' }],
      people: [{ column: 'user_id', holds: 'user', export: { columns: ['criteria', 'created_at', 'last_sent_at'] }, erase: { action: 'delete' } }],
    },
  ],
}
