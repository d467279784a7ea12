//! The contract between the server and every client: each shape that
//! crosses the wire — request and reply bodies, the organiser's and the
//! participant's views, the live events, the template as the browser
//! renders it — is one type here. The browser's TypeScript types
//! (`web/src/generated`) and the OpenAPI document are generated from these
//! types, and tests fail when either drifts from them.
//!
//! Views are computed from the session by the functions here, so rules
//! (who leads a room, which notes start private, which phase follows) are
//! decided once, in the core, and the browser only shows them.

mod attachments;
mod cohosts;
mod content;
mod errors;
mod events;
mod me;
mod organiser;
mod requests;
mod summary;
mod template_view;

pub use attachments::AttachmentUploaded;
pub use cohosts::{CoHostInvite, CoHostRequest, CoHostView, MAX_COHOST_NAME, MAX_COHOSTS};
pub use content::{ProgrammeListItem, TemplateListItem};
pub use errors::ErrorBody;
pub use events::{OrganiserEvent, ParticipantEvent};
pub use me::{MeView, MyRoom, MyRound, SessionBrief, Waiting, me_view};
pub use organiser::{
    CodeCheck, CreatedSession, GroupView, GroupingModeKey, IncompleteRoom, JoinReply,
    OrganiserStanding, OrganiserView, RoomOverview, RoomToWatch, RoomView, RoundView, doc_url,
    join_url, organiser_view, room_overviews,
};
pub use requests::InvalidRequest;
pub use requests::{
    AssignmentRequest, AttendanceRequest, BroadcastRequest, CallLinkRequest, CallPatternRequest,
    CreateSessionRequest, JoinRequest, JoiningRequest, PlaceRequest, PreviewRequest,
    RoleChangeRequest, RoleRequest, SessionSource, StartRequest, TimerRequest,
};
pub use summary::{OverallRequest, SkippedEdit, SummaryView, summary_view};
pub use template_view::{
    DeckCardView, DeckView, NotePrivacy, NoteTargetView, PhaseMove, PhaseView, QuestionView,
    SectionView, TemplateView, template_view,
};
