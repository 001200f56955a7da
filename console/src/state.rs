//! The console's state: who is signed in, which screen is shown, and why the organiser was signed
//! out. Held in memory only, in one reducer: a reload starts again at "Sign in".

use speaksafe_console_client::Session;
use std::rc::Rc;
use yew::Reducible;

/// What the console shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Screen {
    #[default]
    SignIn,
    /// An invitation link was opened: make a passkey.
    Register,
    Surveys,
    /// A survey's page, by id.
    Survey(String),
    /// Publish from a file: a new survey, or a new version of this one.
    Publish(Option<String>),
    /// Open a survey's responses with the organiser's key files.
    Results(String),
    Log,
    Passkeys,
}

impl Screen {
    /// Whether the screen needs a session.
    pub fn signed_in(&self) -> bool {
        !matches!(self, Screen::SignIn | Screen::Register)
    }
}

/// Why the organiser is on the sign-in screen again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignedOut {
    /// They signed out.
    Asked,
    /// Nothing was done for as long as a session lasts.
    Idle { minutes: u32 },
    /// The collector ended the session (it had been idle there, or they were removed): its words.
    Ended(String),
}

impl SignedOut {
    pub fn message(&self) -> String {
        match self {
            SignedOut::Asked => "You have signed out. Nothing was kept in this browser.".into(),
            SignedOut::Idle { minutes } => format!(
                "You were signed out after {minutes} minutes without use, and any results were closed. Sign in again \
                 to go on."
            ),
            SignedOut::Ended(why) => format!("You have been signed out: {why}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Console {
    pub session: Option<Session>,
    pub screen: Screen,
    /// The invitation token from the link, until it is used.
    pub invite: Option<Rc<str>>,
    pub signed_out: Option<SignedOut>,
    /// What was just done ("Version … is live."), shown once on the next screen.
    pub notice: Option<String>,
    /// Counts screen changes: the heading is focused on each.
    pub shown: u64,
}

pub enum Msg {
    /// An invitation link was opened in the console: make a passkey (signing out whoever was in).
    Invited(String),
    SignedIn(Session),
    SignedOut(SignedOut),
    Show(Screen),
    /// Show a screen with a notice of what was just done.
    Done(Screen, String),
}

impl Console {
    /// The console as it opens: at "Create your passkey" with an invitation, else at "Sign in".
    pub fn opening(invite: Option<String>) -> Console {
        let screen = if invite.is_some() { Screen::Register } else { Screen::SignIn };
        Console { invite: invite.map(Rc::from), screen, ..Console::default() }
    }

    fn show(&mut self, screen: Screen) {
        // Screens that need a session are not shown without one.
        self.screen = if screen.signed_in() && self.session.is_none() { Screen::SignIn } else { screen };
        self.shown += 1;
    }
}

impl Reducible for Console {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        let mut next = (*self).clone();
        next.notice = None;
        match msg {
            Msg::Invited(token) => {
                next.session = None;
                next.invite = Some(token.into());
                next.show(Screen::Register);
            }
            Msg::SignedIn(session) => {
                next.session = Some(session);
                next.invite = None;
                next.signed_out = None;
                next.show(Screen::Surveys);
            }
            Msg::SignedOut(why) => {
                if next.session.is_none() && next.screen == Screen::SignIn && next.signed_out.is_some() {
                    return self;
                }
                next.session = None;
                next.signed_out = Some(why);
                next.show(Screen::SignIn);
            }
            Msg::Show(screen) => next.show(screen),
            Msg::Done(screen, notice) => {
                next.show(screen);
                next.notice = Some(notice);
            }
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signed_in() -> Rc<Console> {
        Rc::new(Console::opening(Some("invite-token".into())))
            .reduce(Msg::SignedIn(Session::new("t".repeat(43), "Sam".into())))
    }

    #[test]
    fn an_invitation_opens_at_making_a_passkey_and_is_forgotten_once_signed_in() {
        let opened = Console::opening(Some("invite-token".into()));
        assert_eq!(opened.screen, Screen::Register);
        let console = signed_in();
        assert_eq!(console.screen, Screen::Surveys);
        assert_eq!(console.invite, None);
        assert_eq!(Console::opening(None).screen, Screen::SignIn);
        // A link opened in a console already open.
        let console = console.reduce(Msg::Invited("another".into()));
        assert_eq!((console.screen.clone(), console.session.is_none()), (Screen::Register, true));
        assert_eq!(console.invite.as_deref(), Some("another"));
    }

    #[test]
    fn no_screen_of_a_signed_in_organiser_shows_without_a_session() {
        let console = Rc::new(Console::opening(None)).reduce(Msg::Show(Screen::Survey("youth-voice".into())));
        assert_eq!(console.screen, Screen::SignIn);
        let console = signed_in().reduce(Msg::SignedOut(SignedOut::Idle { minutes: 30 }));
        assert_eq!((console.session.as_ref(), &console.screen), (None, &Screen::SignIn));
        assert!(console.signed_out.as_ref().unwrap().message().contains("after 30 minutes without use"));
        assert_eq!(console.reduce(Msg::Show(Screen::Log)).screen, Screen::SignIn);
    }

    #[test]
    fn a_notice_is_shown_once_and_every_change_of_screen_counts() {
        let console = signed_in().reduce(Msg::Done(Screen::Survey("x".into()), "Version 1a2b is live.".into()));
        assert_eq!(console.notice.as_deref(), Some("Version 1a2b is live."));
        let shown = console.shown;
        let console = console.reduce(Msg::Show(Screen::Surveys));
        assert_eq!((console.notice.as_ref(), console.shown), (None, shown + 1));
    }
}
