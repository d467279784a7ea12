// The summary as the server sends it: the types generated from the core's
// contract (SummaryView and the report model), under the short names the
// review screen uses.
export type { Member as SMember } from '../generated/Member';
export type { MergedItem as SItem } from '../generated/MergedItem';
export type { TopicSource } from '../generated/TopicSource';
export type { TopicReport as STopic } from '../generated/TopicReport';
export type { SectionReport as SSection } from '../generated/SectionReport';
export type { GroupReport as SGroup } from '../generated/GroupReport';
export type { RoundReport as SRound } from '../generated/RoundReport';
export type { AgreementRecord as SAgreement } from '../generated/AgreementRecord';
export type { OverallSummary as SOverall } from '../generated/OverallSummary';
export type { SkippedEdit } from '../generated/SkippedEdit';
export type { SummaryView as Summary } from '../generated/SummaryView';
export type { ReviewEdit } from '../generated/ReviewEdit';

/** The export formats the server offers (`?format=`). */
export type { ExportFormat as ExportKey } from '../generated/ExportFormat';
