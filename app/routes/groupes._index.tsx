import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { GeneralErrorBoundary } from '~/shared/components/error-boundary'
import { ErrorSummary, Field, RadioGroup, SubmitButton, TextAreaField } from '~/shared/components/forms'
import { PageHeader } from '~/shared/components/layout'
import { translator } from '~/i18n'
import { createGroup, joinGroup, listGroups } from '~/features/groups/groups.server'
import { GROUP_FIELD_MAX as MAX, parseGroupKind } from '~/features/groups/schema'
import { GroupCard, GroupFinder, KIND_KEYS, useLiveUnread } from '~/features/groups/components/group-directory'
import { requireMember } from '~/features/accounts/guards.server'
import { useRootData, useT } from '~/shared/i18n'
import { titleMeta } from '~/shared/meta'
import communityCss from '~/features/groups/components/community.css'
import { redirectWithToast } from '~/shared/toast.server'
import { formObject, parseForm } from '~/shared/validation'
import { readForm } from '~/shared/http.server'
import { formError } from '~/shared/form-result.server'
import { useFormFailure } from '~/shared/form-result'

export const meta = titleMeta('nav.groups')
export const links = () => [{ rel: 'stylesheet', href: communityCss }]

const ProposeForm = z.object({
  intent: z.literal('propose'),
  name: z.string().trim().min(3, 'groups.error.name').max(MAX.name, 'error.tooLong'),
  description: z.string().trim().min(10, 'groups.error.description').max(MAX.description, 'error.tooLong'),
  kind: z.enum(['region', 'sector', 'interest'], { errorMap: () => ({ message: 'error.required' }) }),
  visibility: z.enum(['public', 'private'], { errorMap: () => ({ message: 'error.required' }) }),
})

export function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireMember(request, context)
  const url = new URL(request.url)
  const groups = listGroups(context.app, viewer.id)
  // The promotions' select (a GET form) leads straight to the year's group.
  const promotion = Number(url.searchParams.get('promotion'))
  const chosen = promotion ? groups.find((g) => g.promotion === promotion) : undefined
  if (chosen) throw redirect(`/groupes/${chosen.id}`)
  return {
    groups,
    q: (url.searchParams.get('q') ?? '').trim().slice(0, 100),
    type: parseGroupKind(url.searchParams.get('type')),
    isWebmaster: viewer.isWebmaster,
  }
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

export default function Groups() {
  const t = useT()
  const { groups, isWebmaster, q, type } = useLoaderData<typeof loader>()
  const { viewer } = useRootData()
  const unread = useLiveUnread(groups, viewer?.id)
  const { errors, values, failed } = useFormFailure()
  const mine = groups.filter((g) => g.myStatus === 'active')
  const others = groups.filter((g) => g.myStatus !== 'active')
  return (
    <>
      <PageHeader title={t('nav.groups')} lead={t('section.groups.lead')} />
      <section aria-labelledby="mes-groupes">
        <h2 id="mes-groupes">{t('groups.mine')}</h2>
        {mine.length ? (
          <ul className="cards cards--groups" role="list">
            {mine.map((g) => (
              <GroupCard key={g.id} group={g} unread={unread.get(g.id) ?? 0} />
            ))}
          </ul>
        ) : (
          <p className="card state state--soft">{t('groups.noneMine')}</p>
        )}
      </section>
      <GroupFinder groups={others} q={q} type={type} />
      <details className="card narrow--wide group-propose" open={failed || undefined}>
        <summary className="group-propose__summary">
          <h2 id="proposer">{t(isWebmaster ? 'groups.create' : 'groups.propose')}</h2>
        </summary>
        <p className="muted">{t(isWebmaster ? 'groups.createLead' : 'groups.proposeLead')}</p>
        <Form method="post" className="form" noValidate>
          <ErrorSummary errors={errors} />
          <Field label={t('groups.field.name')} name="name" required maxLength={MAX.name} defaultValue={values.name} errors={errors.name} />
          <TextAreaField
            label={t('groups.field.description')}
            name="description"
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
            options={(['region', 'sector', 'interest'] as const).map((k) => ({ value: k, label: t(KIND_KEYS[k]) }))}
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
      </details>
    </>
  )
}

export const ErrorBoundary = GeneralErrorBoundary
