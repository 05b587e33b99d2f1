// The form kit: every control of the site with the same label, hint and error rendering.
export { SubmitButton, FormAlert } from '~/shared/components/form/buttons'
export { Field, TextAreaField, FileField, NewPasswordField, EmailField, PersonNameFields } from '~/shared/components/form/text-fields'
export { SelectField, FilterSelect, CheckboxField, RadioGroup, CheckboxGroup, type Choice } from '~/shared/components/form/choice-fields'
export { ErrorSummary } from '~/shared/components/form/error-summary'
export { ImageField } from '~/shared/components/form/image-field'
export { FieldScope } from '~/shared/components/form/field-parts'
