// Reads a card template (GET /api/content/templates/{id}) defensively into
// one normal shape the room renders: sections with questions (note targets),
// phases, themes with guiding questions and tools, decks of cards. The
// template format is data in content/; unknown or missing fields degrade
// to "not shown" rather than a crash.

export type Audience = 'ik' | 'wij' | 'ik-en-wij' | null;

export interface TQuestion {
  id: string;
  number: string;
  text: string;
  help: string;
  audience: Audience;
  silent: boolean;
  /** silent-first: everyone writes privately, then the leader reveals all. */
  silentFirst: boolean;
  aloud: boolean;
  example: boolean;
  phase: string | null;
}

export type SectionKind = 'notes' | 'themes' | 'deck' | 'agreements';

export interface TSection {
  id: string;
  title: string;
  description: string;
  kind: SectionKind;
  prompts: string[];
  questions: TQuestion[];
  /** Notes stick to the section itself (when it has no questions). */
  isTarget: boolean;
  silent: boolean;
  phase: string | null;
  example: boolean;
}

export interface TPhase {
  id: string;
  title: string;
  description: string;
  next: string[];
  back: string[];
  /** Button text per target phase, from the template's transitions. */
  labels: Record<string, string>;
}

export interface TLink {
  title: string;
  url: string;
}

export interface TTheme {
  id: string;
  title: string;
  description: string;
  guiding: string[];
  tools: TLink[];
}

export interface TCard {
  id: string;
  text: string;
  theme: string;
  aspect: string;
  example: boolean;
}

export interface TDeck {
  id: string;
  title: string;
  cards: TCard[];
}

export interface Template {
  id: string;
  title: string;
  summary: string;
  centralQuestion: string;
  centralDescription: string;
  statement: string;
  initialPhase: string | null;
  ownTheme: { id: string; title: string; description: string } | null;
  sharedQuestion: { title: string; description: string } | null;
  tips: string[];
  sections: TSection[];
  phases: TPhase[];
  themes: TTheme[];
  allowOwnTheme: boolean;
  decks: TDeck[];
  roles: { id: string; title: string; description: string }[];
  example: boolean;
}

type Json = Record<string, unknown>;

function obj(v: unknown): Json {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};
}
function arr(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (v && typeof v === 'object') return Object.entries(v as Json).map(([id, x]) => ({ id, ...obj(x) }));
  return [];
}
function str(...vs: unknown[]): string {
  for (const v of vs) {
    if (typeof v === 'string') return v;
    if (typeof v === 'number') return String(v);
  }
  return '';
}
function bool(...vs: unknown[]): boolean {
  return vs.some((v) => v === true);
}
function slug(s: string, fallback: string): string {
  const k = s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return k || fallback;
}

function audienceOf(v: unknown): Audience {
  const s = str(v).toLowerCase().replace(/\s|&/g, '').replace('en', '-en-');
  if (s === 'ik') return 'ik';
  if (s === 'wij' || s === 'we') return 'wij';
  if (s.includes('ik') && s.includes('wij')) return 'ik-en-wij';
  const raw = str(v).toLowerCase();
  if (raw.includes('ik') && raw.includes('wij')) return 'ik-en-wij';
  if (raw === 'me' || raw === 'individual') return 'ik';
  if (raw === 'group' || raw === 'us') return 'wij';
  if (raw === 'both') return 'ik-en-wij';
  return null;
}

function question(raw: unknown, i: number, parent: string, inherit: Json = {}): TQuestion {
  if (typeof raw === 'string') {
    return { id: `${parent}-q${i + 1}`, number: '', text: raw, help: '', audience: null, silent: false, silentFirst: false, aloud: false, example: false, phase: null };
  }
  const q = obj(raw);
  const mode = str(q.mode, q.voice, q.answer, q.answered, inherit.mode).toLowerCase();
  const silentFirst = mode === 'silent-first';
  const silent = bool(q.silent, q.individual_first, q.private) || mode === 'silent' || mode === 'stil' || silentFirst;
  return {
    id: str(q.id, q.key) || `${parent}-q${i + 1}`,
    number: str(q.number, q.nr, q.label_number),
    text: str(q.text, q.question, q.title, q.label, q.prompt),
    help: str(q.help, q.description, q.hint),
    audience: audienceOf(q.audience ?? q.who ?? q.for ?? q.scope ?? q.perspective ?? inherit.who),
    silent,
    silentFirst,
    aloud: bool(q.aloud, q.bold) || mode === 'aloud' || mode === 'hardop' || mode === 'hardop',
    example: bool(q.example, q.is_example),
    phase: str(q.phase) || null,
  };
}

function section(raw: unknown, i: number): TSection {
  const s = obj(raw);
  const title = str(s.title, s.name, s.label, s.heading);
  const id = str(s.id, s.key) || slug(title, `section-${i + 1}`);
  const questions = arr(s.questions ?? s.items).map((q, j) => question(q, j, id, s));
  const k = str(s.kind, s.type).toLowerCase();
  const kind: SectionKind = k === 'themes' || k === 'deck' || k === 'agreements' ? k : 'notes';
  const notesFlag = s.notes ?? s.accepts_notes ?? s.target;
  return {
    id,
    title,
    description: str(s.description, s.prompt, s.intro, s.help, s.text),
    kind,
    prompts: arr(s.prompts).map((x) => str(x, obj(x).text)).filter(Boolean),
    questions,
    // As in core's note_targets(): notes and deck sections take notes themselves.
    isTarget: notesFlag === false ? false : kind === 'notes' || kind === 'deck',
    silent: bool(s.silent) || str(s.mode).toLowerCase() === 'silent',
    phase: str(s.phase) || null,
    example: bool(s.example, s.is_example),
  };
}

function phase(raw: unknown, i: number, all: unknown[]): TPhase {
  const p = obj(raw);
  const title = str(p.title, p.name, p.label);
  const id = str(p.id, p.key) || slug(title, `phase-${i + 1}`);
  const nextRaw = p.next ?? p.transitions ?? p.to;
  let next = arr(nextRaw).map((x) => str(x, obj(x).id)).filter(Boolean);
  if (typeof nextRaw === 'string') next = [nextRaw];
  if (nextRaw === undefined && i + 1 < all.length) {
    const n = obj(all[i + 1]);
    next = [str(n.id, n.key) || slug(str(n.title, n.name), `phase-${i + 2}`)];
  }
  const backRaw = p.back ?? p.back_to ?? p.can_return_to ?? p.return_to;
  const back = typeof backRaw === 'string' ? [backRaw] : arr(backRaw).map((x) => str(x, obj(x).id)).filter(Boolean);
  return { id, title, description: str(p.description, p.help, p.text), next, back, labels: {} };
}

function link(raw: unknown): TLink {
  if (typeof raw === 'string') return { title: raw, url: raw };
  const l = obj(raw);
  return { title: str(l.title, l.name, l.label, l.url), url: str(l.url, l.href, l.link) };
}

/** Applies a template's top-level transitions [{from, to, label}] to its phases. */
function applyTransitions(phases: TPhase[], raw: unknown[]): TPhase[] {
  if (raw.length === 0) return phases;
  const index = new Map(phases.map((p, i) => [p.id, i]));
  return phases.map((p) => {
    const mine = raw.map(obj).filter((t) => str(t.from) === p.id && index.has(str(t.to)));
    const next = mine.filter((t) => (index.get(str(t.to)) ?? 0) > (index.get(p.id) ?? 0)).map((t) => str(t.to));
    const back = mine.filter((t) => (index.get(str(t.to)) ?? 0) <= (index.get(p.id) ?? 0)).map((t) => str(t.to));
    const labels = Object.fromEntries(mine.filter((t) => str(t.label)).map((t) => [str(t.to), str(t.label)]));
    return { ...p, next, back, labels };
  });
}

function theme(raw: unknown, i: number): TTheme {
  const t = obj(raw);
  const title = str(t.title, t.name, t.label);
  return {
    id: str(t.id, t.key) || slug(title, `theme-${i + 1}`),
    title,
    description: str(t.description, t.intro),
    guiding: arr(t.guiding_questions ?? t.richtvragen ?? t.questions).map((q) => str(q, obj(q).text, obj(q).question)).filter(Boolean),
    tools: arr(t.tools ?? t.links ?? t.tool_links).map(link).filter((l) => l.url),
  };
}

function deck(raw: unknown, i: number, looseCards: unknown[]): TDeck {
  const d = obj(raw);
  const title = str(d.title, d.name, d.label);
  const id = str(d.id, d.key) || slug(title, `deck-${i + 1}`);
  return {
    id,
    title,
    cards: [...arr(d.cards ?? d.questions), ...looseCards.filter((c) => str(obj(c).deck) === id)].map((c, j) => {
      const co = obj(c);
      return {
        id: str(co.id, co.key) || `${id}-${j + 1}`,
        text: typeof c === 'string' ? c : str(co.text, co.question, co.title),
        theme: str(co.theme),
        aspect: str(co.aspect, co.kind, co.focus),
        example: bool(co.example),
      };
    }),
  };
}

/** Normalises any template JSON; never throws. */
export function normaliseTemplate(raw: unknown, fallbackId = ''): Template {
  const t = obj(raw);
  const card = obj(t.card);
  const src = Object.keys(card).length ? { ...t, ...card } : t;
  const phasesRaw = arr(src.phases);
  let sections = arr(src.sections ?? src.parts ?? src.blocks).map(section);
  // Top-level questions (no sections) become one section of questions.
  const loose = arr(src.questions);
  if (loose.length) sections = [...sections, { ...section({ id: 'questions', title: '', questions: loose }, sections.length) }];
  // Questions listed under phases are shown as sections of that phase.
  phasesRaw.forEach((p, i) => {
    const po = obj(p);
    const pid = phase(p, i, phasesRaw).id;
    const qs = arr(po.questions);
    const ss = arr(po.sections);
    ss.forEach((s, j) => sections.push({ ...section(s, sections.length + j), phase: pid }));
    if (qs.length) sections.push({ ...section({ id: `${pid}-questions`, title: str(po.title, po.name), questions: qs }, sections.length), phase: pid });
  });
  const themesRaw = src.themes;
  const themesObj = obj(themesRaw);
  const themeList = Array.isArray(themesRaw) ? themesRaw : arr(themesObj.items ?? themesObj.list ?? themesRaw);
  const central = obj(src.central_question);
  const choice = obj(src.theme_choice);
  const own = obj(choice.own_theme ?? (typeof src.own_theme === 'object' ? src.own_theme : null));
  const shared = obj(src.shared_question);
  const looseCards = arr(src.cards);
  const decks = arr(src.decks).map((d, i) => deck(d, i, looseCards));
  // A themes section is where the theme picker shows; add one if the card has themes but no such section.
  const themes = themeList.map(theme).filter((x) => x.title);
  if (themes.length && !sections.some((x) => x.kind === 'themes')) sections.unshift({ ...section({ id: 'themes', title: '', kind: 'themes' }, 0) });
  if (decks.length && !sections.some((x) => x.kind === 'deck')) sections.unshift({ ...section({ id: 'deck', title: '', kind: 'deck' }, 0) });
  const phases = applyTransitions(
    phasesRaw.map((p, i) => phase(p, i, phasesRaw)),
    arr(src.transitions),
  );
  return {
    id: str(src.id) || fallbackId,
    title: str(src.title, src.name),
    summary: str(src.summary, src.subtitle, src.description, src.intro),
    centralQuestion: typeof src.central_question === 'string' ? src.central_question : str(central.text, src.centralQuestion, src.main_question),
    centralDescription: str(central.description),
    statement: typeof src.statement === 'string' ? src.statement : '',
    initialPhase: str(src.initial_phase) || null,
    ownTheme: str(own.id) ? { id: str(own.id), title: str(own.title), description: str(own.description) } : null,
    sharedQuestion: Object.keys(shared).length ? { title: str(shared.title), description: str(shared.description) } : null,
    tips: arr(src.tips).map((x) => str(x)).filter(Boolean),
    sections,
    phases,
    themes,
    allowOwnTheme: Boolean(str(own.id)) || bool(src.allow_own_theme, themesObj.allow_own),
    decks,
    roles: arr(src.roles).map((r, i) => {
      const ro = obj(r);
      const title = typeof r === 'string' ? r : str(ro.title, ro.name);
      return { id: str(ro.id) || slug(title, `role-${i + 1}`), title, description: str(ro.description) };
    }),
    example: bool(src.example, src.is_example),
  };
}

/** Every note target id on the card, in the order shown. */
export function noteTargets(t: Template): { id: string; title: string; silent: boolean }[] {
  const out: { id: string; title: string; silent: boolean }[] = [];
  for (const s of t.sections) {
    if (s.kind === 'themes') {
      for (const th of t.themes) out.push({ id: th.id, title: th.title, silent: false });
      if (t.ownTheme) out.push({ id: t.ownTheme.id, title: t.ownTheme.title, silent: false });
      continue;
    }
    if (s.kind === 'agreements') continue;
    if (s.isTarget) out.push({ id: s.id, title: s.title, silent: s.silent });
    for (const q of s.questions) out.push({ id: q.id, title: [q.number, q.text].filter(Boolean).join(' '), silent: q.silent || s.silent });
  }
  return out;
}

/** A card with nothing to stick notes to still gets one general section. */
export function withFallbackSection(t: Template, title: string): Template {
  if (noteTargets(t).length > 0) return t;
  return { ...t, sections: [...t.sections, { id: 'general', title, description: '', kind: 'notes', prompts: [], questions: [], isTarget: true, silent: false, phase: null, example: false }] };
}
