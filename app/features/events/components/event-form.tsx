import { Form } from '@remix-run/react'
import { useState } from 'react'
import type { FieldErrors, FormValues } from '~/shared/validation'
import { useHydrated } from '~/shared/hooks'
import { useT } from '~/shared/i18n'
import { CheckboxField, ErrorSummary, Field, FileField, SelectField, SubmitButton, TextAreaField } from '~/shared/components/forms'
import { ELIGIBILITIES, EVENT_FIELD_MAX as MAX, TICKET_ROWS } from '~/features/events/schema'

export interface EventFormDefaults {
  title?: string
  description?: string
  groupId?: number | null
  audience?: 'members' | 'everyone'
  online?: boolean
  venue?: string | null
  address?: string | null
  city?: string | null
  onlineUrl?: string | null
  startsAt?: string
  endsAt?: string
  capacity?: number | null
  registrationDeadline?: string
  cancellationDeadline?: string
  maxGuests?: number
  ticketing?: boolean
  ticketTypes?: { name: string; priceCents: number; quota: number | null; eligibility: string }[]
}

/**
 * Create, edit and duplicate share this form. Values come back from a failed submission first
 * (`values`), then from the event; the place or link section follows the « en ligne » box.
 */
export function EventForm({
  defaults,
  values,
  errors,
  groups,
  associationWide,
  submitLabel,
  cover = null,
}: {
  defaults: EventFormDefaults
  values?: FormValues
  errors: FieldErrors
  groups: { id: number; name: string }[]
  associationWide: boolean
  submitLabel: string
  /** The current cover's URL (edit page), to show and offer to remove. */
  cover?: string | null
}) {
  const t = useT()
  const v = (name: string, fallback: string | number | null | undefined) =>
    values?.[name] ?? (fallback === null || fallback === undefined ? '' : String(fallback))
  const checked = (name: string, fallback: boolean | undefined) => (values ? values[name] === 'on' : (fallback ?? false))
  const [online, setOnline] = useState(checked('online', defaults.online))
  const [ticketing, setTicketing] = useState(checked('ticketing', defaults.ticketing))
  // Without JavaScript every part shows (the checkbox cannot reveal anything); the server keeps what applies.
  const hydrated = useHydrated()
  return (
    <Form method="post" encType="multipart/form-data" className="card form event-form" noValidate>
      <ErrorSummary errors={errors} />
      <Field label={t('events.field.title')} name="title" required maxLength={MAX.title} defaultValue={v('title', defaults.title)} errors={errors.title} />
      <TextAreaField
        label={t('events.field.description')}
        name="description"
        rows={6}
        required
        maxLength={MAX.description}
        defaultValue={v('description', defaults.description)}
        errors={errors.description}
        hint={t('events.field.descriptionHint')}
      />
      <div className="event-form__cover">
        {cover ? (
          <figure className="event-form__cover-preview">
            <img src={cover} alt="" width={240} height={120} />
            <figcaption>{t('events.field.coverCurrent')}</figcaption>
          </figure>
        ) : null}
        <FileField
          label={t('events.field.cover')}
          name="cover"
          accept="image/jpeg,image/png,image/webp"
          hint={cover ? `${t('events.field.coverHint')} ${t('events.field.coverReplaceHint')}` : t('events.field.coverHint')}
          errors={errors.cover}
        />
        {cover ? <CheckboxField label={t('events.field.coverRemove')} name="removeCover" /> : null}
      </div>
      <div className="form-grid">
        <SelectField
          label={t('events.field.group')}
          name="groupId"
          required={!associationWide}
          emptyOption={associationWide ? t('events.field.groupNone') : undefined}
          options={groups.map((g) => ({ value: String(g.id), label: g.name }))}
          defaultValue={v('groupId', defaults.groupId)}
          errors={errors.groupId}
        />
        <SelectField
          label={t('events.field.audience')}
          name="audience"
          required
          options={[
            { value: 'members', label: t('events.audience.members') },
            { value: 'everyone', label: t('events.audience.everyone') },
          ]}
          defaultValue={v('audience', defaults.audience ?? 'members')}
          errors={errors.audience}
        />
      </div>
      <fieldset className="form-section">
        <legend>{t('events.form.when')}</legend>
        <div className="form-grid">
          <Field
            label={t('events.field.startsAt')}
            name="startsAt"
            type="datetime-local"
            required
            defaultValue={v('startsAt', defaults.startsAt)}
            errors={errors.startsAt}
          />
          <Field
            label={t('events.field.endsAt')}
            name="endsAt"
            type="datetime-local"
            required
            defaultValue={v('endsAt', defaults.endsAt)}
            errors={errors.endsAt}
          />
        </div>
        <p className="field__hint">{t('events.form.timeZoneHint')}</p>
      </fieldset>
      <fieldset className="form-section">
        <legend>{t('events.form.where')}</legend>
        <CheckboxField label={t('events.field.online')} name="online" defaultChecked={online} onChange={(e) => setOnline(e.currentTarget.checked)} />
        <div hidden={hydrated && online}>
          <Field label={t('events.field.venue')} name="venue" maxLength={MAX.venue} required defaultValue={v('venue', defaults.venue)} errors={errors.venue} />
          <Field
            label={t('events.field.address')}
            name="address"
            maxLength={MAX.address}
            required
            defaultValue={v('address', defaults.address)}
            errors={errors.address}
          />
          <Field
            label={t('events.field.city')}
            name="city"
            maxLength={MAX.city}
            required
            defaultValue={v('city', defaults.city)}
            errors={errors.city}
            hint={t('events.field.cityHint')}
          />
        </div>
        <div hidden={hydrated && !online}>
          <Field
            label={t('events.field.onlineUrl')}
            name="onlineUrl"
            type="url"
            maxLength={MAX.onlineUrl}
            required
            defaultValue={v('onlineUrl', defaults.onlineUrl)}
            errors={errors.onlineUrl}
            hint={t('events.field.onlineUrlHint')}
          />
        </div>
      </fieldset>
      <fieldset className="form-section">
        <legend>{t('events.form.registration')}</legend>
        <div className="form-grid">
          <Field
            label={t('events.field.capacity')}
            name="capacity"
            inputMode="numeric"
            defaultValue={v('capacity', defaults.capacity)}
            errors={errors.capacity}
            hint={t('events.field.capacityHint')}
          />
          <Field
            label={t('events.field.maxGuests')}
            name="maxGuests"
            inputMode="numeric"
            defaultValue={v('maxGuests', defaults.maxGuests ?? 0)}
            errors={errors.maxGuests}
            hint={t('events.field.maxGuestsHint')}
          />
          <Field
            label={t('events.field.registrationDeadline')}
            name="registrationDeadline"
            type="datetime-local"
            defaultValue={v('registrationDeadline', defaults.registrationDeadline)}
            errors={errors.registrationDeadline}
          />
          <Field
            label={t('events.field.cancellationDeadline')}
            name="cancellationDeadline"
            type="datetime-local"
            defaultValue={v('cancellationDeadline', defaults.cancellationDeadline)}
            errors={errors.cancellationDeadline}
            hint={t('events.field.cancellationDeadlineHint')}
          />
        </div>
      </fieldset>
      <fieldset className="form-section">
        <legend>{t('events.form.ticketing')}</legend>
        <CheckboxField
          label={t('events.field.ticketing')}
          name="ticketing"
          defaultChecked={ticketing}
          onChange={(e) => setTicketing(e.currentTarget.checked)}
        />
        <div hidden={hydrated && !ticketing} className="ticket-rows">
          <p className="field__hint">{t('events.field.ticketsHint')}</p>
          {Array.from({ length: TICKET_ROWS }, (_, i) => {
            const type = defaults.ticketTypes?.[i]
            return (
              <div key={i} className="ticket-row">
                <Field
                  label={t('events.field.ticketName', { n: i + 1 })}
                  name={`ticketName${i}`}
                  maxLength={MAX.ticketName}
                  required={i === 0}
                  defaultValue={v(`ticketName${i}`, type?.name)}
                  errors={errors[`ticketName${i}`]}
                />
                <Field
                  label={t('events.field.ticketPrice')}
                  name={`ticketPrice${i}`}
                  inputMode="decimal"
                  required={i === 0}
                  defaultValue={v(`ticketPrice${i}`, type ? (type.priceCents / 100).toFixed(2).replace('.', ',') : '')}
                  errors={errors[`ticketPrice${i}`]}
                />
                <Field
                  label={t('events.field.ticketQuota')}
                  name={`ticketQuota${i}`}
                  inputMode="numeric"
                  defaultValue={v(`ticketQuota${i}`, type?.quota)}
                  errors={errors[`ticketQuota${i}`]}
                />
                <SelectField
                  label={t('events.field.ticketFor')}
                  name={`ticketFor${i}`}
                  id={`ticketFor${i}`}
                  required
                  options={ELIGIBILITIES.map((e) => ({ value: e, label: t(`events.eligibility.${e}`) }))}
                  defaultValue={v(`ticketFor${i}`, type?.eligibility ?? 'anyone')}
                />
              </div>
            )
          })}
        </div>
      </fieldset>
      <SubmitButton>{submitLabel}</SubmitButton>
    </Form>
  )
}
