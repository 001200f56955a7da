//! Signing in with passkeys (WebAuthn), through webauthn-rs. Each ceremony takes two requests:
//! `…/start` gives the browser its options and keeps the server's half (in the database, so that
//! either request may reach any collector sharing it; for five minutes, once), `…/finish` checks
//! what the passkey signed.
//!
//! - An invite (`speaksafe organisers invite NAME`) registers a first passkey, and signs in.
//! - A signed-in organiser may add more (a laptop and a phone).
//! - Signing in asks for no name: the passkey is discoverable and says whose it is.

use super::{body, field, hash, now, secret, Caller, Console, Denied, Json};
use crate::store::records::{Invite, Passkey};
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use base64::Engine as _;
use serde_json::{json, Value};
use std::sync::Arc;
use webauthn_rs::prelude::{
    DiscoverableAuthentication, Passkey as Credential, PasskeyRegistration, PublicKeyCredential,
    RegisterPublicKeyCredential, Url, Uuid, Webauthn, WebauthnBuilder,
};

/// How long a ceremony's server half is kept.
const CEREMONY_LIFE: u64 = 5 * 60;
/// The largest body a passkey step takes.
const BODY_LIMIT: usize = 64 * 1024;

/// The relying party: this service, as organisers reach it (`--origin`).
pub struct Passkeys {
    origin: String,
    webauthn: Result<Webauthn, String>,
}

impl Passkeys {
    pub fn new(origin: &str) -> Passkeys {
        Passkeys { origin: origin.to_string(), webauthn: relying_party(origin) }
    }

    pub fn origin(&self) -> &str {
        &self.origin
    }

    fn webauthn(&self) -> Result<&Webauthn, Denied> {
        self.webauthn.as_ref().map_err(|why| Denied::PasskeyRefused(why.clone()))
    }
}

/// The relying party of an origin such as `https://survey.city.example` or
/// `http://localhost:8080`: its host is the passkeys' relying party id. Browsers refuse passkeys
/// for an IP address, which is why the demo and the tests use `localhost`.
pub fn relying_party(origin: &str) -> Result<Webauthn, String> {
    let url = Url::parse(origin).map_err(|e| format!("--origin {origin}: not an address ({e})"))?;
    let host = url.host_str().ok_or_else(|| format!("--origin {origin}: no host"))?.to_string();
    if host.parse::<std::net::IpAddr>().is_ok() || host.starts_with('[') {
        return Err(format!(
            "--origin {origin}: passkeys need a host name, not an IP address (use http://localhost:PORT on this machine)"
        ));
    }
    WebauthnBuilder::new(&host, &url)
        .and_then(|b| b.rp_name("speaksafe").build())
        .map_err(|e| format!("--origin {origin}: {e}"))
}

/// What the server keeps between a registration's two steps.
#[derive(serde::Serialize, serde::Deserialize)]
struct Registering {
    /// The invite it started from (used up when it finishes); none when adding a passkey.
    invite: Option<String>,
    state: PasskeyRegistration,
}

fn base64url(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn take_a_turn(console: &Console) -> Result<(), Denied> {
    console.sign_ins.take().map_err(Denied::Busy)
}

/// Starts registering a passkey for `organiser` (with their user handle), after `invite` if any.
async fn start_registration(
    console: &Arc<Console>,
    organiser: String,
    user_id: String,
    invite: Option<String>,
) -> Result<Response, Denied> {
    let webauthn = console.passkeys.webauthn()?;
    let user = Uuid::parse_str(&user_id).map_err(|_| Denied::Failed)?;
    let who = organiser.clone();
    let existing = console.with_records(move |r| Ok(r.credential_ids(&who)?)).await?;
    let exclude = existing
        .iter()
        .filter_map(|id| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(id).ok())
        .collect::<Vec<_>>();
    let (options, state) = webauthn
        .start_passkey_registration(user, &organiser, &organiser, Some(exclude))
        .map_err(|e| Denied::PasskeyRefused(e.to_string()))?;
    // A discoverable passkey, so that signing in asks for no name.
    let mut options = serde_json::to_value(&options).map_err(|_| Denied::Failed)?;
    if let Some(selection) = options.pointer_mut("/publicKey/authenticatorSelection").and_then(Value::as_object_mut) {
        selection.insert("residentKey".into(), Value::from("required"));
        selection.insert("requireResidentKey".into(), Value::from(true));
    }
    let ceremony = secret()?;
    let kept = serde_json::to_string(&Registering { invite, state }).map_err(|_| Denied::Failed)?;
    let (id_hash, who, now) = (hash(&ceremony), organiser.clone(), now());
    console
        .with_records(move |r| Ok(r.put_ceremony(&id_hash, "register", Some(&who), &kept, now + CEREMONY_LIFE, now)?))
        .await?;
    Ok(Json(json!({ "ceremony": ceremony, "organiser": organiser, "options": options })).into_response())
}

/// Checks a registration's passkey and keeps it: the organiser and their passkey.
async fn finish_registration(
    console: &Arc<Console>,
    request: Request,
    only_for: Option<&str>,
) -> Result<(String, usize), Denied> {
    let body = body(request, BODY_LIMIT).await?;
    let ceremony = field(&body, "ceremony")?;
    let credential: RegisterPublicKeyCredential =
        serde_json::from_value(body.get("credential").cloned().unwrap_or(Value::Null))
            .map_err(|e| Denied::BadRequest(format!("\"credential\" is not a passkey's answer: {e}")))?;
    let (id_hash, now) = (hash(&ceremony), now());
    let taken = console.with_records(move |r| Ok(r.take_ceremony(&id_hash, now)?)).await?;
    let Some((kind, Some(organiser), kept)) = taken.filter(|(kind, ..)| kind == "register") else {
        return Err(Denied::CeremonyGone);
    };
    if only_for.is_some_and(|o| o != organiser) {
        return Err(Denied::CeremonyGone);
    }
    let _ = kind;
    let Registering { invite, state } = serde_json::from_str(&kept).map_err(|_| Denied::Failed)?;
    let webauthn = console.passkeys.webauthn()?;
    let credential: Credential =
        webauthn.finish_passkey_registration(&credential, &state).map_err(|e| Denied::PasskeyRefused(e.to_string()))?;
    let passkey = Passkey {
        credential_id: base64url(credential.cred_id().as_ref()),
        organiser: organiser.clone(),
        passkey: serde_json::to_string(&credential).map_err(|_| Denied::Failed)?,
    };
    let who = organiser.clone();
    let count = console
        .with_records(move |r| {
            let day = crate::store::today();
            // An invite works once: the first registration to finish uses it up.
            if let Some(invite) = &invite {
                if r.use_invite(invite, now)?.is_none() {
                    return Err(Denied::InviteGone(
                        "This invitation has expired or has already been used. Ask for a new one.",
                    ));
                }
            }
            let action = if invite.is_some() { "register" } else { "passkey" };
            r.add_passkey(&passkey, &day, action)?;
            Ok(r.credential_ids(&who)?.len())
        })
        .await?;
    Ok((organiser, count))
}

/// Starts a session for `organiser`: the token, which only the console holds.
async fn start_session(console: &Arc<Console>, organiser: String) -> Result<Response, Denied> {
    let token = secret()?;
    let (token_hash, who, now) = (hash(&token), organiser.clone(), now());
    console.with_records(move |r| Ok(r.start_session(&token_hash, &who, None, now, &crate::store::today())?)).await?;
    Ok(Json(json!({ "session": token, "organiser": organiser })).into_response())
}

/// `POST /api/v1/console/register/start` `{"invite": "…"}`.
pub async fn register_start(State(console): State<Arc<Console>>, request: Request) -> Result<Response, Denied> {
    take_a_turn(&console)?;
    let body = body(request, BODY_LIMIT).await?;
    let invite = hash(&field(&body, "invite")?);
    let (looked_up, now) = (invite.clone(), now());
    let state = console.with_records(move |r| Ok(r.invite_state(&looked_up, now)?)).await?;
    match state {
        Invite::Valid { organiser, user_id } => start_registration(&console, organiser, user_id, Some(invite)).await,
        Invite::Expired => {
            Err(Denied::InviteGone("This invitation has expired (it lasts 24 hours). Ask for a new one."))
        }
        Invite::Used => Err(Denied::InviteGone(
            "This invitation has already been used. Sign in with your passkey, or ask for a new one.",
        )),
        Invite::Unknown => Err(Denied::UnknownInvite),
    }
}

/// `POST /api/v1/console/register/finish` `{"ceremony", "credential"}`: registering signs in.
pub async fn register_finish(State(console): State<Arc<Console>>, request: Request) -> Result<Response, Denied> {
    take_a_turn(&console)?;
    let (organiser, _) = finish_registration(&console, request, None).await?;
    start_session(&console, organiser).await
}

/// `POST /api/v1/console/passkeys/start`: another passkey for the signed-in organiser.
pub async fn add_start(
    State(console): State<Arc<Console>>,
    Extension(caller): Extension<Caller>,
) -> Result<Response, Denied> {
    let who = caller.organiser.clone();
    let organiser = console
        .with_records(move |r| Ok(r.organisers()?.into_iter().find(|o| o.name == who)))
        .await?
        .ok_or(Denied::SignedOut)?;
    start_registration(&console, organiser.name, organiser.user_id, None).await
}

/// `POST /api/v1/console/passkeys/finish`.
pub async fn add_finish(
    State(console): State<Arc<Console>>,
    Extension(caller): Extension<Caller>,
    request: Request,
) -> Result<Response, Denied> {
    let (_, count) = finish_registration(&console, request, Some(&caller.organiser)).await?;
    Ok(Json(json!({ "passkeys": count })).into_response())
}

/// `POST /api/v1/console/sign-in/start`.
pub async fn sign_in_start(State(console): State<Arc<Console>>) -> Result<Response, Denied> {
    take_a_turn(&console)?;
    let webauthn = console.passkeys.webauthn()?;
    let (mut options, state) =
        webauthn.start_discoverable_authentication().map_err(|e| Denied::PasskeyRefused(e.to_string()))?;
    // Asked for by a button, not offered in a name field's autofill.
    options.mediation = None;
    let ceremony = secret()?;
    let kept = serde_json::to_string(&state).map_err(|_| Denied::Failed)?;
    let (id_hash, now) = (hash(&ceremony), now());
    console
        .with_records(move |r| Ok(r.put_ceremony(&id_hash, "sign-in", None, &kept, now + CEREMONY_LIFE, now)?))
        .await?;
    Ok(Json(json!({ "ceremony": ceremony, "options": options })).into_response())
}

/// `POST /api/v1/console/sign-in/finish` `{"ceremony", "credential"}`.
pub async fn sign_in_finish(State(console): State<Arc<Console>>, request: Request) -> Result<Response, Denied> {
    take_a_turn(&console)?;
    let body = body(request, BODY_LIMIT).await?;
    let ceremony = field(&body, "ceremony")?;
    let credential: PublicKeyCredential =
        serde_json::from_value(body.get("credential").cloned().unwrap_or(Value::Null))
            .map_err(|e| Denied::BadRequest(format!("\"credential\" is not a passkey's answer: {e}")))?;
    let (id_hash, now) = (hash(&ceremony), now());
    let taken = console.with_records(move |r| Ok(r.take_ceremony(&id_hash, now)?)).await?;
    let Some((_, _, kept)) = taken.filter(|(kind, ..)| kind == "sign-in") else { return Err(Denied::CeremonyGone) };
    let state: DiscoverableAuthentication = serde_json::from_str(&kept).map_err(|_| Denied::Failed)?;
    let webauthn = console.passkeys.webauthn()?;
    let (user, credential_id) = webauthn
        .identify_discoverable_authentication(&credential)
        .map_err(|e| Denied::PasskeyRefused(e.to_string()))?;
    let credential_id = base64url(credential_id);
    let user = user.to_string();
    let looked_up = credential_id.clone();
    let found = console
        .with_records(move |r| {
            let Some(passkey) = r.passkey(&looked_up)? else { return Ok(None) };
            let owner = r.organiser_by_user(&user)?;
            Ok(owner.filter(|o| o.name == passkey.organiser).map(|_| passkey))
        })
        .await?;
    let Some(passkey) = found else {
        return Err(Denied::PasskeyRefused("it is not the passkey of anyone who may sign in here".into()));
    };
    let mut stored: Credential = serde_json::from_str(&passkey.passkey).map_err(|_| Denied::Failed)?;
    let result = webauthn
        .finish_discoverable_authentication_v2(&credential, state, &stored)
        .map_err(|e| Denied::PasskeyRefused(e.to_string()))?;
    // Its counter moves on: a cloned passkey shows itself by going back.
    if stored.update_credential(&result) == Some(true) {
        let json = serde_json::to_string(&stored).map_err(|_| Denied::Failed)?;
        let id = credential_id.clone();
        console.with_records(move |r| Ok(r.update_passkey(&id, &json)?)).await?;
    }
    start_session(&console, passkey.organiser).await
}
