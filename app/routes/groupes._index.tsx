import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { Field, FormAlert, RadioGroup, SubmitButton, TextAreaField } from '~/shared/components/forms'
import { PageHeader } from '~/shared/components/layout'
import { translator, type MessageKey } from '~/i18n'
import { createGroup, joinGroup, listGroups } from '~/features/groups/groups.server'
import { GROUP_FIELD_MAX as MAX } from '~/features/groups/schema'
import { requireMember } from '~/features/accounts/guards.server'
import { useRootData, useT } from '~/shared/i18n'
import { useCallback, useEffect, useState } from 'react'
import { useSocketEvent } from '~/shared/components/realtime'
import { titleMeta } from '~/shared/meta'
import { redirectWithToast } from '~/shared/toast.server'
import { formObject, parseForm } from '~/shared/validation'
import { readForm } from '~/shared/http.server'
import { formError } from '~/shared/form-result.server'
import { useFormFailure } from '~/shared/form-result'

export const meta = titleMeta('nav.groups')

const ProposeForm = z.object({
  intent: z.literal('propose'),
  name: z.string().trim().min(3, 'groups.error.name').max(MAX.name, 'error.tooLong'),
  description: z.string().trim().min(10, 'groups.error.description').max(MAX.description, 'error.tooLong'),
  kind: z.enum(['region', 'sector', 'interest'], { errorMap: () => ({ message: 'error.required' }) }),
  visibility: z.enum(['public', 'private'], { errorMap: () => ({ message: 'error.required' }) }),
})

export function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireMember(request, context)
  return { groups: listGroups(context.app, viewer.id), isWebmaster: viewer.isWebmaster }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = requireMember(request, context)
  const t = translator(context.locale)
  const formData = await readForm(request)
  const values = formObject(formData)
  if (values.intent === 'join') {
    const groupId = Number(values.groupId)
    const result = Number.isInteger(groupId) ? joinGroup(context.app, viewer.id, groupId) : 'notFound'
    if (result === 'notFound') throw data({ message: 'Not found' }, { status: 404 })
    return redirectWithToast(context, result === 'joined' ? `/groupes/${groupId}` : '/groupes', {
      type: 'success',
      key: result === 'joined' ? 'groups.joined' : 'groups.requested',
    })
  }
  const parsed = parseForm(ProposeForm, formData, t)
  if (!parsed.success) return formError(parsed.errors, values)
  const groupId = createGroup(context.app, viewer, {
    name: parsed.data.name,
    description: parsed.data.description,
    kind: parsed.data.kind,
    visibility: parsed.data.visibility,
  })
  return viewer.isWebmaster
    ? redirectWithToast(context, `/groupes/${groupId}`, { type: 'success', key: 'groups.created' })
    : redirectWithToast(context, '/groupes', { type: 'success', key: 'groups.proposed' })
}

const KINDS: Record<string, MessageKey> = {
  promotion: 'groups.kind.promotion',
  region: 'groups.kind.region',
  sector: 'groups.kind.sector',
  interest: 'groups.kind.interest',
}

/** Unread counts per group, from the page load and then live from the group rooms. */
function useLiveUnread(initial: { id: number; unread: number }[], viewerId: string | undefined) {
  const [counts, setCounts] = useState(() => new Map(initial.map((g) => [g.id, g.unread])))
  useEffect(() => setCounts(new Map(initial.map((g) => [g.id, g.unread]))), [initial])
  useSocketEvent(
    'group:message:new',
    useCallback(
      (e: { groupId: number; authorId: string | null }) => {
        if (e.authorId !== viewerId) setCounts((c) => new Map(c).set(e.groupId, (c.get(e.groupId) ?? 0) + 1))
      },
      [viewerId],
    ),
  )
  return counts
}

export default function Groups() {
  const t = useT()
  const { groups, isWebmaster } = useLoaderData<typeof loader>()
  const { viewer } = useRootData()
  const unread = useLiveUnread(groups, viewer?.id)
  const { errors, values } = useFormFailure()
  const mine = groups.filter((g) => g.myStatus === 'active')
  const others = groups.filter((g) => g.myStatus !== 'active')
  const card = (g: (typeof groups)[number]) => (
    <li key={g.id} className="card group-card">
      <h3>
        <Link to={`/groupes/${g.id}`}>{g.name}</Link>
        {unread.get(g.id) ? (
          <span className="badge badge--count" data-testid={`unread-${g.id}`}>
            {unread.get(g.id)}
            <span className="visually-hidden"> {t('groups.unread', { count: unread.get(g.id) ?? 0 })}</span>
          </span>
        ) : null}
      </h3>
      <p className="muted">
        {t(KINDS[g.kind])} · {t(g.visibility === 'public' ? 'groups.public' : 'groups.private')} · {t('groups.members', { count: g.members })}
      </p>
      <p>{g.description}</p>
      {g.myStatus === 'pending' ? (
        <p className="badge">{t('groups.pending')}</p>
      ) : g.myStatus !== 'active' ? (
        <Form method="post">
          <input type="hidden" name="groupId" value={g.id} />
          <SubmitButton intent="join" className="button button--secondary button--small">
            {t(g.visibility === 'public' ? 'groups.join' : 'groups.request')}
          </SubmitButton>
        </Form>
      ) : null}
    </li>
  )
  return (
    <>
      <PageHeader title={t('nav.groups')} lead={t('section.groups.lead')} />
      <section aria-labelledby="mes-groupes">
        <h2 id="mes-groupes">{t('groups.mine')}</h2>
        {mine.length ? (
          <ul className="cards" role="list">
            {mine.map(card)}
          </ul>
        ) : (
          <p className="card state state--soft">{t('groups.noneMine')}</p>
        )}
      </section>
      <section aria-labelledby="autres-groupes">
        <h2 id="autres-groupes">{t('groups.others')}</h2>
        {others.length ? (
          <ul className="cards" role="list">
            {others.map(card)}
          </ul>
        ) : (
          <p className="muted">{t('groups.noneOther')}</p>
        )}
      </section>
      <section className="card narrow--wide" aria-labelledby="proposer">
        <h2 id="proposer">{t(isWebmaster ? 'groups.create' : 'groups.propose')}</h2>
        <p className="muted">{t(isWebmaster ? 'groups.createLead' : 'groups.proposeLead')}</p>
        <Form method="post" className="form" noValidate>
          <FormAlert messages={errors.form} />
          <Field label={t('groups.field.name')} name="name" required maxLength={MAX.name} defaultValue={values.name} errors={errors.name} />
          <TextAreaField
            label={t('groups.field.description')}
            name="description"
            id="description"
            rows={3}
            required
            maxLength={MAX.description}
            defaultValue={values.description}
            errors={errors.description}
          />
          <RadioGroup
            legend={t('groups.field.kind')}
            name="kind"
            value={values.kind}
            errors={errors.kind}
            options={(['region', 'sector', 'interest'] as const).map((k) => ({ value: k, label: t(KINDS[k]) }))}
          />
          <RadioGroup
            legend={t('groups.field.visibility')}
            name="visibility"
            value={values.visibility}
            errors={errors.visibility}
            options={[
              { value: 'public', label: t('groups.publicHint') },
              { value: 'private', label: t('groups.privateHint') },
            ]}
          />
          <SubmitButton intent="propose">{t(isWebmaster ? 'groups.create' : 'groups.propose')}</SubmitButton>
        </Form>
      </section>
    </>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
