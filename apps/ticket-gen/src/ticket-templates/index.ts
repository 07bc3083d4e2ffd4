export { applyTemplate, missingCriteria, missingSections } from './apply-template';
export { TicketTemplateError, TicketTemplateRegistry } from './template-registry';
export {
  BUILTIN_TEMPLATES,
  builtinTemplate,
  TicketTemplateSchema,
  type TemplateKind,
  type TicketTemplate,
} from './ticket-template';
export {
  DESCRIPTION_SECTIONS,
  SECTION_LABELS,
  splitDescription,
  TICKET_SECTIONS,
  TicketSection,
  type DescriptionSection,
} from './ticket-sections';
