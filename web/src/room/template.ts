// The card template as the room renders it: the server's TemplateView
// (generated from crates/core/src/contract/template_view.rs), which already
// says where notes go, whether they start private and which phases follow.
// Only what the room itself adds lives here.
import type { NotePrivacy } from '../generated/NotePrivacy';
import type { NoteTargetView } from '../generated/NoteTargetView';
import type { SectionView } from '../generated/SectionView';
import type { TemplateView } from '../generated/TemplateView';

export type Template = TemplateView;
export type TSection = SectionView;

/** A place notes stick to, as the room's components need it. */
export interface Target {
  id: string;
  title: string;
  privacy: NotePrivacy;
}

/** Whether new notes on a target start private to their author. */
export function startsPrivate(privacy: NotePrivacy): boolean {
  return privacy !== 'shared';
}

/** How notes on the card on the table start: as the chosen working form says. */
export function cardPrivacy(template: Template, workingForm: string | null | undefined): NotePrivacy {
  return template.working_forms.find((w) => w.id === workingForm)?.card_privacy ?? 'shared';
}

export function targetOf(view: NoteTargetView): Target {
  return { id: view.id, title: view.title, privacy: view.privacy };
}

/** What a room shows while its card cannot be loaded. */
export function emptyTemplate(id: string): Template {
  return {
    id,
    title: '',
    subtitle: null,
    description: null,
    levels: [],
    links: [],
    statement: false,
    central_question: null,
    shared_question: null,
    attachments: null,
    roles: [],
    phases: [],
    initial_phase: null,
    sections: [],
    theme_choice: null,
    themes: [],
    decks: [],
    working_forms: [],
    tips: [],
    note_targets: [],
    has_examples: false,
  };
}

/** A card with nothing to stick notes to still gets one general section. */
export function withFallbackSection(t: Template, title: string): Template {
  if (t.note_targets.length > 0) return t;
  const general: SectionView = {
    id: 'general',
    title,
    description: null,
    kind: 'notes',
    phase: null,
    prompts: [],
    choose_questions: false,
    example: false,
    takes_notes: true,
    questions: [],
  };
  return {
    ...t,
    sections: [...t.sections, general],
    note_targets: [{ id: 'general', title, kind: 'section', section: 'general', privacy: 'shared' }],
  };
}
