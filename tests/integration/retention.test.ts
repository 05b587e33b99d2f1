import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import {
  accountChanges,
  accountTokens,
  electionVoteCodes,
  elections,
  contactMessages,
  contactRequests,
  dataExports,
  documentAccesses,
  erasures,
  loginEvents,
  privacyRequests,
  referralInvitations,
  jobApplications,
  membershipAudit,
  mentionEmails,
  messageReports,
  messages,
  moderationLog,
  notifications,
  outbox,
  payments,
  reports,
  sessions,
  studentProofs,
  threads,
  throttles,
} from '../../db/schema'
import { createJobOffer } from '../../app/features/careers/careers.server'
import { applyRetention } from '../../app/features/privacy/jobs.server'
import { privacyRegistry } from '../../app/features/privacy/registry.server'
import { privateDir, storePrivateFile } from '../../app/shared/uploads.server'
import { createAccount, jobOfferInput } from '../factories'
import { startTestServer, type TestServer } from '../support/server'

// The daily retention of issue #16, against a real database and real files: rows are seeded a
// minute on either side of each limit, the clock is set, and exactly the due ones must go.
const NOW = new Date('2026-06-15T12:00:00.000Z')
const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE
/** The limits, written out here rather than computed by the code under test. */
const LIMIT = {
  oneDay: new Date('2026-06-14T12:00:00.000Z'),
  ninetyDays: new Date(NOW.getTime() - 90 * DAY),
  oneYear: new Date('2025-06-15T12:00:00.000Z'),
  twoYears: new Date('2024-06-15T12:00:00.000Z'),
  fiveYears: new Date('2021-06-15T12:00:00.000Z'),
  tenYears: new Date('2016-06-15T12:00:00.000Z'),
}
const before = (limit: Date) => new Date(limit.getTime() - MINUTE)
const after = (limit: Date) => new Date(limit.getTime() + MINUTE)

/** Every table with a rule the job runs: the first test checks this list against the registry. */
const RULED_TABLES = [
  'sessions',
  'account_tokens',
  'throttles',
  'mention_emails',
  'message_reports',
  'notifications',
  'outbox',
  'contact_requests',
  'contact_messages',
  'job_applications',
  'student_proofs',
  'reports',
  'moderation_log',
  'payments',
  'membership_audit',
  'login_events',
  'data_exports',
  'document_accesses',
  'privacy_requests',
  'erasures',
  'referral_invitations',
  'account_changes',
  'election_vote_codes',
  'elections',
]

let app: TestServer
const realNow = () => new Date()

/** Rows of every registry table: what the job may touch, and nothing else must change. */
function counts(): Record<string, number> {
  const result: Record<string, number> = {}
  for (const { table } of privacyRegistry) {
    result[table] = (app.ctx.database.sqlite.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n
  }
  return result
}

const ids = (rows: { id: number | string }[]) => rows.map((r) => r.id).sort()

describe('retention', () => {
  const seeded: Record<string, { due: (number | string)[]; kept: (number | string)[] }> = {}
  const files: { due: string[]; kept: string[] } = { due: [], kept: [] }
  let countsBefore: Record<string, number>
  let runs: Awaited<ReturnType<typeof applyRetention>>

  beforeAll(async () => {
    app = await startTestServer()
    const { ctx } = app
    const db = ctx.db
    const member = await createAccount(ctx, { membership: 'alumni' })
    const other = await createAccount(ctx, { membership: 'alumni' })
    const webmaster = await createAccount(ctx, { role: 'webmaster', membership: 'alumni' })
    const student = await createAccount(ctx, { membership: 'student' })

    const nowSeconds = Math.floor(NOW.getTime() / 1000)
    db.insert(sessions)
      .values([
        { id: 'session-expired', userId: member.id, expiresAt: nowSeconds - 1 },
        { id: 'session-live', userId: member.id, expiresAt: nowSeconds + 60 },
      ])
      .run()
    seeded.sessions = { due: ['session-expired'], kept: ['session-live'] }

    db.insert(accountTokens)
      .values([
        { tokenHash: 'token-expired', userId: member.id, purpose: 'password_reset', expiresAt: before(NOW), createdAt: before(LIMIT.oneDay) },
        { tokenHash: 'token-live', userId: member.id, purpose: 'password_reset', expiresAt: after(NOW), createdAt: before(NOW) },
      ])
      .run()
    seeded.account_tokens = { due: ['token-expired'], kept: ['token-live'] }

    db.insert(throttles)
      .values([
        { key: 'login:old@exemple.fr', count: 3, windowStart: before(LIMIT.oneDay) },
        { key: 'login:recent@exemple.fr', count: 3, windowStart: after(LIMIT.oneDay) },
      ])
      .run()
    seeded.throttles = { due: ['login:old@exemple.fr'], kept: ['login:recent@exemple.fr'] }

    const thread = db.insert(threads).values({ kind: 'thread', title: 'Retention', authorId: member.id, createdAt: NOW, lastMessageAt: NOW }).returning().get()
    const threadB = db
      .insert(threads)
      .values({ kind: 'thread', title: 'Retention B', authorId: member.id, createdAt: NOW, lastMessageAt: NOW })
      .returning()
      .get()
    db.insert(mentionEmails)
      .values([
        { userId: member.id, threadId: thread.id, sentAt: before(LIMIT.oneDay) },
        { userId: member.id, threadId: threadB.id, sentAt: after(LIMIT.oneDay) },
      ])
      .run()
    seeded.mention_emails = { due: [thread.id], kept: [threadB.id] }

    const message = db.insert(messages).values({ threadId: thread.id, authorId: other.id, body: 'Bonjour', createdAt: NOW }).returning().get()
    const reportRows = db
      .insert(messageReports)
      .values([
        { messageId: message.id, reporterId: member.id, reason: 'spam', status: 'closed', createdAt: before(LIMIT.oneYear) },
        { messageId: message.id, reporterId: webmaster.id, reason: 'spam', status: 'closed', createdAt: after(LIMIT.oneYear) },
        { messageId: message.id, reporterId: student.id, reason: 'spam', status: 'open', createdAt: before(LIMIT.twoYears) },
      ])
      .returning()
      .all()
    seeded.message_reports = { due: [reportRows[0]!.id], kept: [reportRows[1]!.id, reportRows[2]!.id] }

    const notes = db
      .insert(notifications)
      .values([
        { userId: member.id, kind: 'mention', threadId: thread.id, createdAt: before(LIMIT.oneYear) },
        { userId: member.id, kind: 'mention', threadId: thread.id, createdAt: after(LIMIT.oneYear) },
      ])
      .returning()
      .all()
    seeded.notifications = { due: [notes[0]!.id], kept: [notes[1]!.id] }

    const mail = (status: 'queued' | 'sent' | 'failed', createdAt: Date, sentAt: Date | null) => ({
      to: member.email,
      subject: `Mail ${status}`,
      text: 'Texte',
      html: '<p>Texte</p>',
      status,
      createdAt,
      sentAt,
    })
    const mails = db
      .insert(outbox)
      .values([
        mail('sent', before(LIMIT.ninetyDays), before(LIMIT.ninetyDays)),
        mail('sent', before(LIMIT.ninetyDays), after(LIMIT.ninetyDays)),
        mail('failed', before(LIMIT.ninetyDays), null),
        mail('failed', after(LIMIT.ninetyDays), null),
        mail('queued', before(LIMIT.twoYears), null),
      ])
      .returning()
      .all()
    seeded.outbox = { due: [mails[0]!.id, mails[2]!.id], kept: [mails[1]!.id, mails[3]!.id, mails[4]!.id] }

    const requests = db
      .insert(contactRequests)
      .values([
        { fromUserId: member.id, toUserId: other.id, message: 'Bonjour', createdAt: before(LIMIT.oneYear) },
        { fromUserId: member.id, toUserId: other.id, message: 'Bonjour', createdAt: after(LIMIT.oneYear) },
      ])
      .returning()
      .all()
    seeded.contact_requests = { due: [requests[0]!.id], kept: [requests[1]!.id] }

    const contact = (createdAt: Date) => ({
      name: 'Lou Martin',
      email: 'lou@exemple.fr',
      subject: 'Question',
      body: 'Une question.',
      ip: '203.0.113.9',
      createdAt,
    })
    const contacts = db
      .insert(contactMessages)
      .values([contact(before(LIMIT.oneYear)), contact(after(LIMIT.oneYear))])
      .returning()
      .all()
    seeded.contact_messages = { due: [contacts[0]!.id], kept: [contacts[1]!.id] }

    // CVs: the rows and their files under DATA_DIR/private/cvs.
    const offerA = createJobOffer(ctx, member.id, jobOfferInput(realNow()))
    const offerB = createJobOffer(ctx, member.id, jobOfferInput(realNow()))
    if (!offerA.ok || !offerB.ok) throw new Error('offer not created')
    const pdf = Buffer.from('%PDF-1.4 cv')
    const oldCv = await storePrivateFile(ctx.config.DATA_DIR, 'cvs', pdf, 'pdf')
    const recentCv = await storePrivateFile(ctx.config.DATA_DIR, 'cvs', pdf, 'pdf')
    const applications = db
      .insert(jobApplications)
      .values([
        {
          offerId: offerA.id,
          userId: other.id,
          message: 'Motivé',
          cvStoredName: oldCv,
          cvOriginalName: 'cv.pdf',
          cvSize: pdf.length,
          createdAt: before(LIMIT.twoYears),
        },
        {
          offerId: offerB.id,
          userId: other.id,
          message: 'Motivé',
          cvStoredName: recentCv,
          cvOriginalName: 'cv.pdf',
          cvSize: pdf.length,
          createdAt: after(LIMIT.twoYears),
        },
      ])
      .returning()
      .all()
    seeded.job_applications = { due: [applications[0]!.id], kept: [applications[1]!.id] }
    files.due.push(path.join(privateDir(ctx.config.DATA_DIR, 'cvs'), oldCv))
    files.kept.push(path.join(privateDir(ctx.config.DATA_DIR, 'cvs'), recentCv))

    // Student proofs: decided a year ago go with their file; a pending one stays whatever its age.
    const proof = async (id: string, status: 'pending' | 'approved' | 'rejected', reviewedAt: Date | null) => {
      const storedName = await storePrivateFile(ctx.config.DATA_DIR, 'proofs', pdf, 'pdf')
      db.insert(studentProofs)
        .values({
          id,
          userId: student.id,
          storedName,
          originalName: 'fiche.pdf',
          mimeType: 'application/pdf',
          size: pdf.length,
          status,
          uploadedAt: before(LIMIT.twoYears),
          reviewedAt,
          reviewedBy: reviewedAt ? webmaster.id : null,
        })
        .run()
      return path.join(privateDir(ctx.config.DATA_DIR, 'proofs'), storedName)
    }
    files.due.push(await proof('proof-approved-old', 'approved', before(LIMIT.oneYear)))
    files.due.push(await proof('proof-rejected-old', 'rejected', before(LIMIT.oneYear)))
    files.kept.push(await proof('proof-approved-recent', 'approved', after(LIMIT.oneYear)))
    files.kept.push(await proof('proof-pending-old', 'pending', null))
    seeded.student_proofs = { due: ['proof-approved-old', 'proof-rejected-old'], kept: ['proof-approved-recent', 'proof-pending-old'] }

    const report = (status: 'open' | 'dismissed' | 'actioned', handledAt: Date | null, targetId: string) => ({
      reporterId: member.id,
      targetKind: 'member' as const,
      targetId,
      subjectUserId: other.id,
      reason: 'spam' as const,
      text: 'Du spam.',
      weight: 1,
      snapshot: '{}',
      status,
      createdAt: before(LIMIT.twoYears),
      handledAt,
    })
    const reportList = db
      .insert(reports)
      .values([report('dismissed', before(LIMIT.oneYear), 'a'), report('actioned', after(LIMIT.oneYear), 'b'), report('open', null, 'c')])
      .returning()
      .all()
    seeded.reports = { due: [reportList[0]!.id], kept: [reportList[1]!.id, reportList[2]!.id] }

    const logs = db
      .insert(moderationLog)
      .values([
        { actorId: webmaster.id, action: 'report.dismissed', subjectUserId: other.id, at: before(LIMIT.fiveYears) },
        { actorId: webmaster.id, action: 'report.dismissed', subjectUserId: other.id, at: after(LIMIT.fiveYears) },
      ])
      .returning()
      .all()
    seeded.moderation_log = { due: [logs[0]!.id], kept: [logs[1]!.id] }

    const payment = (id: string, status: 'pending' | 'paid' | 'duplicate', createdAt: Date, paidAt: Date | null) => ({
      id,
      userId: member.id,
      category: 'alumni' as const,
      amountCents: 10_000,
      provider: 'offline' as const,
      method: 'cheque' as const,
      status,
      createdAt,
      paidAt,
    })
    db.insert(payments)
      .values([
        payment('paid-old', 'paid', before(LIMIT.tenYears), before(LIMIT.tenYears)),
        payment('paid-recent', 'paid', before(LIMIT.tenYears), after(LIMIT.tenYears)),
        payment('pending-old', 'pending', before(LIMIT.oneYear), null),
        payment('pending-recent', 'pending', after(LIMIT.oneYear), null),
      ])
      .run()
    seeded.payments = { due: ['paid-old', 'pending-old'], kept: ['paid-recent', 'pending-recent'] }

    const audits = db
      .insert(membershipAudit)
      .values([
        { userId: member.id, actorId: webmaster.id, action: 'payment.recorded', details: {}, createdAt: before(LIMIT.tenYears) },
        { userId: member.id, actorId: webmaster.id, action: 'payment.recorded', details: {}, createdAt: after(LIMIT.tenYears) },
      ])
      .returning()
      .all()
    seeded.membership_audit = { due: [audits[0]!.id], kept: [audits[1]!.id] }

    const logins = db
      .insert(loginEvents)
      .values([
        { userId: member.id, at: before(LIMIT.oneYear), ip: '203.0.113.1' },
        { userId: member.id, at: after(LIMIT.oneYear), ip: '203.0.113.1' },
      ])
      .returning()
      .all()
    seeded.login_events = { due: [logins[0]!.id], kept: [logins[1]!.id] }

    // Archives: the expired one goes with its file, the one still downloadable stays.
    const archive = async (id: string, expiresAt: Date) => {
      const storedName = await storePrivateFile(ctx.config.DATA_DIR, 'exports', Buffer.from('PK'), 'zip')
      db.insert(dataExports)
        .values({ id, userId: member.id, status: 'ready', storedName, createdAt: before(NOW), expiresAt })
        .run()
      return path.join(privateDir(ctx.config.DATA_DIR, 'exports'), storedName)
    }
    files.due.push(await archive('export-expired', before(NOW)))
    files.kept.push(await archive('export-live', after(NOW)))
    seeded.data_exports = { due: ['export-expired'], kept: ['export-live'] }

    const accesses = db
      .insert(documentAccesses)
      .values([
        { actorId: webmaster.id, subjectUserId: student.id, document: 'proof', documentId: 'proof-approved-old', at: before(LIMIT.oneYear) },
        { actorId: webmaster.id, subjectUserId: student.id, document: 'proof', documentId: 'proof-approved-old', at: after(LIMIT.oneYear) },
      ])
      .returning()
      .all()
    seeded.document_accesses = { due: [accesses[0]!.id], kept: [accesses[1]!.id] }

    const request = (status: 'open' | 'done', handledAt: Date | null) => ({
      kind: 'access' as const,
      requesterName: 'Lou Martin',
      channel: 'post' as const,
      receivedAt: before(LIMIT.fiveYears),
      dueAt: before(LIMIT.fiveYears),
      status,
      handledAt,
      createdAt: before(LIMIT.fiveYears),
    })
    const threeYears = new Date('2023-06-15T12:00:00.000Z')
    const requestRows = db
      .insert(privacyRequests)
      .values([request('done', before(threeYears)), request('done', after(threeYears)), request('open', null)])
      .returning()
      .all()
    seeded.privacy_requests = { due: [requestRows[0]!.id], kept: [requestRows[1]!.id, requestRows[2]!.id] }

    const erasureRows = db
      .insert(erasures)
      .values([
        { at: before(LIMIT.fiveYears), via: 'self', summary: '{}' },
        { at: after(LIMIT.fiveYears), via: 'self', summary: '{}' },
      ])
      .returning()
      .all()
    seeded.erasures = { due: [erasureRows[0]!.id], kept: [erasureRows[1]!.id] }

    const referrals = db
      .insert(referralInvitations)
      .values([
        { referrerId: member.id, email: 'vieille.invitation@exemple.fr', token: 'retention-token-old-00', sentAt: before(LIMIT.twoYears) },
        { referrerId: member.id, email: 'invitation.recente@exemple.fr', token: 'retention-token-new-00', sentAt: after(LIMIT.twoYears) },
      ])
      .returning()
      .all()
    seeded.referral_invitations = { due: [referrals[0]!.id], kept: [referrals[1]!.id] }

    const corrections = db
      .insert(accountChanges)
      .values([
        { userId: member.id, actorId: webmaster.id, field: 'lastName', before: 'Dupont', after: 'Dupond', at: before(LIMIT.fiveYears) },
        { userId: member.id, actorId: webmaster.id, field: 'firstName', before: 'Jean', after: 'Jeanne', at: after(LIMIT.fiveYears) },
      ])
      .returning()
      .all()
    seeded.account_changes = { due: [corrections[0]!.id], kept: [corrections[1]!.id] }

    // A one-time voting code lives ten minutes; the election row only anchors it.
    db.insert(elections)
      .values({
        id: 'retention-election',
        title: 'Élection',
        seats: 1,
        candidacyOpensAt: before(NOW),
        candidacyClosesAt: before(NOW),
        rollAt: before(NOW),
        votingOpensAt: before(NOW),
        votingClosesAt: after(NOW),
        createdAt: before(NOW),
        updatedAt: before(NOW),
      })
      .run()
    db.insert(electionVoteCodes)
      .values([
        { electionId: 'retention-election', userId: member.id, codeHash: 'expired', expiresAt: before(NOW) },
        { electionId: 'retention-election', userId: other.id, codeHash: 'live', expiresAt: after(NOW) },
      ])
      .run()
    seeded.election_vote_codes = { due: ['expired'], kept: ['live'] }

    // An election's file: five years after its results, or its cancellation.
    const finished = (id: string, state: 'published' | 'cancelled', at: Date) => ({
      id,
      title: id,
      seats: 1,
      state,
      candidacyOpensAt: before(at),
      candidacyClosesAt: before(at),
      rollAt: before(at),
      votingOpensAt: before(at),
      votingClosesAt: before(at),
      publishedAt: state === 'published' ? at : null,
      createdAt: before(at),
      updatedAt: at,
    })
    db.insert(elections)
      .values([
        finished('published-old', 'published', before(LIMIT.fiveYears)),
        finished('published-recent', 'published', after(LIMIT.fiveYears)),
        finished('cancelled-old', 'cancelled', before(LIMIT.fiveYears)),
        finished('cancelled-recent', 'cancelled', after(LIMIT.fiveYears)),
      ])
      .run()
    seeded.elections = { due: ['cancelled-old', 'published-old'], kept: ['cancelled-recent', 'published-recent', 'retention-election'] }

    countsBefore = counts()
    ctx.now = () => NOW
    runs = await applyRetention(ctx)
  })

  afterAll(async () => {
    if (app) app.ctx.now = realNow
    await app?.close()
  })

  /** The ids still in a table among those seeded (the key column differs from table to table). */
  function remaining(table: string): (number | string)[] {
    const db = app.ctx.db
    switch (table) {
      case 'sessions':
        return ids(db.select({ id: sessions.id }).from(sessions).all())
      case 'account_tokens':
        return ids(db.select({ id: accountTokens.tokenHash }).from(accountTokens).all())
      case 'throttles':
        return ids(db.select({ id: throttles.key }).from(throttles).all())
      case 'mention_emails':
        return ids(db.select({ id: mentionEmails.threadId }).from(mentionEmails).all())
      case 'message_reports':
        return ids(db.select({ id: messageReports.id }).from(messageReports).all())
      case 'notifications':
        return ids(db.select({ id: notifications.id }).from(notifications).all())
      case 'outbox':
        return ids(db.select({ id: outbox.id }).from(outbox).all())
      case 'contact_requests':
        return ids(db.select({ id: contactRequests.id }).from(contactRequests).all())
      case 'contact_messages':
        return ids(db.select({ id: contactMessages.id }).from(contactMessages).all())
      case 'job_applications':
        return ids(db.select({ id: jobApplications.id }).from(jobApplications).all())
      case 'student_proofs':
        return ids(db.select({ id: studentProofs.id }).from(studentProofs).all())
      case 'reports':
        return ids(db.select({ id: reports.id }).from(reports).all())
      case 'moderation_log':
        return ids(db.select({ id: moderationLog.id }).from(moderationLog).all())
      case 'payments':
        return ids(db.select({ id: payments.id }).from(payments).all())
      case 'membership_audit':
        return ids(db.select({ id: membershipAudit.id }).from(membershipAudit).all())
      case 'login_events':
        return ids(db.select({ id: loginEvents.id }).from(loginEvents).all())
      case 'data_exports':
        return ids(db.select({ id: dataExports.id }).from(dataExports).all())
      case 'document_accesses':
        return ids(db.select({ id: documentAccesses.id }).from(documentAccesses).all())
      case 'privacy_requests':
        return ids(db.select({ id: privacyRequests.id }).from(privacyRequests).all())
      case 'erasures':
        return ids(db.select({ id: erasures.id }).from(erasures).all())
      case 'referral_invitations':
        return ids(db.select({ id: referralInvitations.id }).from(referralInvitations).all())
      case 'election_vote_codes':
        return ids(db.select({ id: electionVoteCodes.codeHash }).from(electionVoteCodes).all())
      case 'elections':
        return ids(db.select({ id: elections.id }).from(elections).all())
      case 'account_changes':
        return ids(db.select({ id: accountChanges.id }).from(accountChanges).all())
      default:
        throw new Error(`no seed for ${table}`)
    }
  }

  it('seeds a case on each side of every rule the registry runs', () => {
    const ruled = [...new Set(privacyRegistry.filter((e) => e.retention.some((r) => r.purge)).map((e) => e.table))].sort()
    expect([...RULED_TABLES].sort()).toEqual(ruled)
    expect(Object.keys(seeded).sort()).toEqual(ruled)
  })

  it.each(RULED_TABLES)('deletes the due rows of %s and keeps the others', (table) => {
    const left = remaining(table)
    for (const id of seeded[table]!.due) expect(left, `${table}: ${id} is due`).not.toContain(id)
    for (const id of seeded[table]!.kept) expect(left, `${table}: ${id} is not due`).toContain(id)
  })

  it('deletes nothing else, in any table of the registry', () => {
    const expected = { ...countsBefore }
    for (const [table, { due }] of Object.entries(seeded)) expected[table]! -= due.length
    expect(counts()).toEqual(expected)
    const reported: Record<string, number> = {}
    for (const run of runs) reported[run.table] = (reported[run.table] ?? 0) + run.rows
    for (const [table, { due }] of Object.entries(seeded)) expect(reported[table], table).toBe(due.length)
  })

  it('removes the files of the rows it deleted, and only those', () => {
    for (const file of files.due) expect(fs.existsSync(file), file).toBe(false)
    for (const file of files.kept) expect(fs.existsSync(file), file).toBe(true)
  })

  it('finds nothing more to do when run again', async () => {
    const again = await applyRetention(app.ctx)
    expect(again.filter((r) => r.rows > 0 || r.files > 0)).toEqual([])
  })

  it('applies the rules when their limit is reached: a minute later, the next row is due', async () => {
    app.ctx.now = () => new Date(NOW.getTime() + 2 * MINUTE)
    await applyRetention(app.ctx)
    expect(remaining('contact_messages')).not.toContain(seeded.contact_messages!.kept[0])
    expect(
      app.ctx.db
        .select({ n: sql<number>`count(*)` })
        .from(outbox)
        .get()!.n,
    ).toBe(1)
    app.ctx.now = () => NOW
  })
})
