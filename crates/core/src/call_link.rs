//! Call links: the video-meeting link of a room, so a participant who
//! takes part from elsewhere joins the right conversation, not only the
//! right card. The organiser pastes one per room, or gives one pattern for
//! every room of a round (`https://meet.example.org/partnerdag-{room}`),
//! where `{room}` becomes the group's name made URL-safe.
//!
//! A link is shown to participants as something to click, so only plain
//! web links are accepted: no `javascript:`, `data:` or other schemes, no
//! credentials, no spaces or control characters, and a bounded length.

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// Longest call link or pattern, in characters.
pub const MAX_CALL_LINK: usize = 500;
/// The placeholder a pattern must contain.
pub const ROOM_PLACEHOLDER: &str = "{room}";
/// Longest `{room}` expansion, in characters.
const MAX_SLUG: usize = 60;

/// Why a call link or pattern is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallLinkError {
    #[error("the link must be 1 to {MAX_CALL_LINK} characters")]
    Length,
    #[error("the link must start with http:// or https://")]
    Scheme,
    #[error("the link is not a valid web address")]
    Malformed,
    #[error("the link may not contain spaces, control characters or a user name")]
    Unsafe,
    #[error("the pattern needs {ROOM_PLACEHOLDER}, where each room's name goes")]
    NoPlaceholder,
}

/// A room's call link: an http(s) address without credentials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CallLink(String);

impl CallLink {
    /// Checks what an organiser typed (surrounding spaces ignored).
    pub fn parse(input: &str) -> Result<Self, CallLinkError> {
        let link = input.trim();
        if link.is_empty() || link.chars().count() > MAX_CALL_LINK {
            return Err(CallLinkError::Length);
        }
        if link
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '`'))
        {
            return Err(CallLinkError::Unsafe);
        }
        let lower = link.to_ascii_lowercase();
        if !(lower.starts_with("https://") || lower.starts_with("http://")) {
            return Err(CallLinkError::Scheme);
        }
        let url = url::Url::parse(link).map_err(|_| CallLinkError::Malformed)?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(CallLinkError::Scheme);
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(CallLinkError::Malformed);
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(CallLinkError::Unsafe);
        }
        Ok(Self(link.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for CallLink {
    type Error = CallLinkError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<CallLink> for String {
    fn from(link: CallLink) -> Self {
        link.0
    }
}

/// One link for every room of a round, with [`ROOM_PLACEHOLDER`] where
/// each room's name goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CallPattern(String);

impl CallPattern {
    /// Checks a pattern: it has the placeholder, and every room's link it
    /// makes is a valid [`CallLink`].
    pub fn parse(input: &str) -> Result<Self, CallLinkError> {
        let pattern = input.trim();
        if !pattern.contains(ROOM_PLACEHOLDER) {
            return Err(CallLinkError::NoPlaceholder);
        }
        // The longest name a room can put in, so no room's link breaks
        // the length bound later.
        let longest = "x".repeat(MAX_SLUG);
        CallLink::parse(&pattern.replace(ROOM_PLACEHOLDER, &longest))?;
        Ok(Self(pattern.to_owned()))
    }

    /// The link of the room called `room_name` (its slug in place of the
    /// placeholder; `fallback`, e.g. the room's id, if the name has no
    /// letters or digits at all).
    pub fn expand(&self, room_name: &str, fallback: &str) -> Result<CallLink, CallLinkError> {
        let mut part = slug(room_name);
        if part.is_empty() {
            part = slug(fallback);
        }
        CallLink::parse(&self.0.replace(ROOM_PLACEHOLDER, &part))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for CallPattern {
    type Error = CallLinkError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<CallPattern> for String {
    fn from(pattern: CallPattern) -> Self {
        pattern.0
    }
}

/// A name as a URL path part: lower case ASCII letters and digits,
/// accents dropped ("Één" → "een"), everything else one `-`, at most
/// [`MAX_SLUG`] characters.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in name.nfd() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else if is_combining_mark(c) {
            // An accent of the letter before it: dropped with no gap.
        } else {
            dash = true;
        }
        if out.len() >= MAX_SLUG {
            break;
        }
    }
    out.truncate(MAX_SLUG);
    out.trim_end_matches('-').to_owned()
}

fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pattern_gives_each_room_its_own_url_safe_link() {
        let pattern = CallPattern::parse(" https://meet.example.org/partnerdag-{room} ")
            .unwrap_or_else(|e| panic!("{e}"));
        let link = |name| {
            pattern
                .expand(name, "k1")
                .map(|l| l.as_str().to_owned())
                .unwrap_or_else(|e| panic!("{e}"))
        };
        assert_eq!(
            link("Schoolleiders & HR-medewerkers 1"),
            "https://meet.example.org/partnerdag-schoolleiders-hr-medewerkers-1"
        );
        assert_eq!(
            link("Één  café / leraar?"),
            "https://meet.example.org/partnerdag-een-cafe-leraar"
        );
        assert_eq!(
            link("#?&"),
            "https://meet.example.org/partnerdag-k1",
            "a name without letters falls back to the room's id"
        );
        let long = "a".repeat(400);
        assert_eq!(
            link(&long).len(),
            "https://meet.example.org/partnerdag-".len() + 60
        );
    }

    #[test]
    fn only_plain_web_links_are_accepted() {
        for ok in [
            "https://meet.jit.si/Partnerdag-Groep1",
            "http://10.0.0.5:8080/room?id=3#x",
            "HTTPS://teams.microsoft.com/l/meetup-join/19%3ameeting",
        ] {
            assert!(CallLink::parse(ok).is_ok(), "{ok}");
        }
        let long = format!("https://x.org/{}", "a".repeat(MAX_CALL_LINK));
        for (bad, why) in [
            ("", CallLinkError::Length),
            (long.as_str(), CallLinkError::Length),
            ("javascript:alert(1)", CallLinkError::Scheme),
            ("data:text/html,<b>", CallLinkError::Unsafe),
            ("ftp://files.example.org/x", CallLinkError::Scheme),
            ("meet.example.org/room", CallLinkError::Scheme),
            ("https://", CallLinkError::Malformed),
            ("https://user:pw@evil.example.org", CallLinkError::Unsafe),
            ("https://a.org/x y", CallLinkError::Unsafe),
            ("https://a.org/\u{0}", CallLinkError::Unsafe),
            ("https://a.org/\"onclick=", CallLinkError::Unsafe),
        ] {
            assert_eq!(CallLink::parse(bad), Err(why), "{bad:?}");
        }
    }

    #[test]
    fn a_pattern_needs_the_placeholder_and_must_make_valid_links() {
        assert_eq!(
            CallPattern::parse("https://meet.example.org/partnerdag"),
            Err(CallLinkError::NoPlaceholder)
        );
        assert_eq!(
            CallPattern::parse("javascript:{room}"),
            Err(CallLinkError::Scheme)
        );
        let almost = format!("https://a.org/{}{{room}}", "a".repeat(MAX_CALL_LINK - 20));
        assert_eq!(
            CallPattern::parse(&almost),
            Err(CallLinkError::Length),
            "a long room name would overflow it"
        );
    }

    #[test]
    fn stored_links_are_checked_again_when_read() {
        let read: Result<CallLink, _> = serde_json::from_str("\"javascript:alert(1)\"");
        assert!(read.is_err());
        let read: Result<CallPattern, _> = serde_json::from_str("\"https://a.org/{room}\"");
        assert!(read.is_ok());
    }
}
