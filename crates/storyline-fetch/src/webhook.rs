//! Webhook delivery of watch alerts: each alert whose watch has a webhook
//! is POSTed as JSON, signed with HMAC-SHA256 when the watch names a secret,
//! and its delivery state saved in the store after each try.
//!
//! The store records an alert and its pending delivery together, before any
//! try, so a crash loses nothing: an alert not acknowledged is sent again on
//! a later run (at least once). The body carries an idempotency `id` (the
//! same on every try) for receivers to drop a repeat, and an acknowledged
//! (2xx) alert is marked delivered and never sent again. A failed try is
//! retried on later runs with exponential back-off, until
//! [`DeliverySettings::max_attempts`]. A webhook that cannot be reached
//! (connection refused, timeout) is tried once per run: its other alerts
//! wait, untouched, for the next run, so a host that hangs costs one
//! timeout, not one per alert.

use crate::{FetchError, USER_AGENT};
use chrono::{DateTime, SecondsFormat, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::collections::{HashMap, HashSet};
use std::time::Duration;
use storyline_store::{Alert, Delivery, Store, Watch, DELIVERY_DELIVERED, DELIVERY_FAILED};

/// The header carrying the body's signature, `sha256=` and lowercase hex.
pub const SIGNATURE_HEADER: &str = "X-Storyline-Signature";
/// The header carrying the alert's idempotency id (as the body's `id`).
pub const DELIVERY_HEADER: &str = "X-Storyline-Delivery";
/// Most deliveries tried in one run.
const BATCH: usize = 1000;

/// How deliveries are tried and retried.
#[derive(Clone, Debug)]
pub struct DeliverySettings {
    /// Longest one POST may take.
    pub timeout: Duration,
    /// Wait before the first retry; doubled for each next one.
    pub backoff: Duration,
    /// Longest wait between two tries.
    pub max_backoff: Duration,
    /// Tries before giving up.
    pub max_attempts: u32,
}

impl Default for DeliverySettings {
    fn default() -> Self {
        DeliverySettings {
            timeout: Duration::from_secs(10),
            backoff: Duration::from_secs(60),
            max_backoff: Duration::from_secs(6 * 3600),
            max_attempts: 12,
        }
    }
}

/// What one delivery run did.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct DeliveryReport {
    /// Alerts the receivers acknowledged.
    pub delivered: u64,
    /// Tries that failed (retried later unless given up).
    pub failed: u64,
    /// Failed alerts given up on.
    pub gave_up: u64,
    /// Each failure: watch, item and reason.
    pub errors: Vec<String>,
}

/// The JSON body POSTed for an alert: `id`, the idempotency id (`WATCH/ITEM`,
/// the same on every try), then the stored [`Alert`]'s `watch`, `item`,
/// `kind`, `title`, `reason` and `raised_at` as they are, then `link`, the
/// item's page on a Storyline server ([`Alert::page_path`]). The alert's
/// sequence number and delivery state stay out of the body.
#[derive(Debug, Clone, Copy)]
pub struct AlertPayload<'a> {
    alert: &'a Alert,
}

impl<'a> AlertPayload<'a> {
    /// The body of an alert.
    pub fn of(alert: &'a Alert) -> Self {
        AlertPayload { alert }
    }

    /// The idempotency id, `WATCH/ITEM` (also the delivery header).
    pub fn id(&self) -> String {
        format!("{}/{}", self.alert.watch, self.alert.item)
    }
}

impl serde::Serialize for AlertPayload<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let a = self.alert;
        let mut body = serializer.serialize_struct("AlertPayload", 8)?;
        body.serialize_field("id", &self.id())?;
        body.serialize_field("watch", &a.watch)?;
        body.serialize_field("item", &a.item)?;
        body.serialize_field("kind", &a.kind)?;
        body.serialize_field("title", &a.title)?;
        body.serialize_field("reason", &a.reason)?;
        body.serialize_field("raised_at", &a.raised_at)?;
        body.serialize_field("link", &a.page_path())?;
        body.end()
    }
}

/// `sha256=HEX`: the HMAC-SHA256 of `body` under `secret`.
pub fn sign(secret: &[u8], body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes a key of any length");
    mac.update(body);
    let tag = mac.finalize().into_bytes();
    let mut out = String::from("sha256=");
    for b in tag {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// The wait before try `attempts + 1`, after `attempts` failed tries.
pub fn backoff_after(attempts: u32, settings: &DeliverySettings) -> Duration {
    let factor = 1u32 << attempts.saturating_sub(1).min(20);
    settings
        .backoff
        .saturating_mul(factor)
        .min(settings.max_backoff)
}

fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Tries every delivery due at `now`: POSTs each alert to its watch's
/// webhook and saves the outcome before the next. `secret` reads a named
/// environment variable (the watch's `secret_env`). Alerts of a watch that
/// no longer has a webhook wait untouched.
pub fn deliver_due(
    store: &mut dyn Store,
    now: DateTime<Utc>,
    settings: &DeliverySettings,
    secret: &dyn Fn(&str) -> Option<String>,
) -> Result<DeliveryReport, FetchError> {
    let mut report = DeliveryReport::default();
    let due = store.due_deliveries(&stamp(now), BATCH)?;
    if due.is_empty() {
        return Ok(report);
    }
    let agent = ureq::AgentBuilder::new()
        .user_agent(USER_AGENT)
        .timeout(settings.timeout)
        .redirects(0)
        .build();
    let mut watches: HashMap<String, Option<Watch>> = HashMap::new();
    let mut unreachable: HashSet<String> = HashSet::new();
    for alert in due {
        if !watches.contains_key(&alert.watch) {
            let w = store.watch(&alert.watch)?;
            watches.insert(alert.watch.clone(), w);
        }
        let Some(watch) = watches[&alert.watch].as_ref() else {
            continue;
        };
        let Some(url) = watch.webhook.as_deref() else {
            continue;
        };
        if unreachable.contains(url) {
            continue;
        }
        let before = alert.delivery.clone().unwrap_or_else(Delivery::pending);
        let attempts = before.attempts + 1;
        let outcome = post(&agent, url, watch, &alert, secret);
        let after = match outcome {
            Ok(()) => {
                report.delivered += 1;
                Delivery {
                    state: DELIVERY_DELIVERED.into(),
                    attempts,
                    next_try: None,
                    last_error: None,
                    delivered_at: Some(stamp(Utc::now())),
                }
            }
            Err(Failure { reason, reached }) => {
                if !reached {
                    unreachable.insert(url.to_string());
                }
                report.failed += 1;
                report
                    .errors
                    .push(format!("{}/{}: {url}: {reason}", alert.watch, alert.item));
                let next_try = if attempts >= settings.max_attempts {
                    report.gave_up += 1;
                    None
                } else {
                    let wait = chrono::Duration::from_std(backoff_after(attempts, settings))
                        .unwrap_or(chrono::Duration::MAX);
                    Some(stamp(now.checked_add_signed(wait).unwrap_or(now)))
                };
                Delivery {
                    state: DELIVERY_FAILED.into(),
                    attempts,
                    next_try,
                    last_error: Some(reason),
                    delivered_at: None,
                }
            }
        };
        store.set_delivery(&alert.watch, &alert.item, &after)?;
    }
    Ok(report)
}

/// Why a POST failed, and whether the receiver answered at all.
struct Failure {
    reason: String,
    reached: bool,
}

impl Failure {
    fn answered(reason: String) -> Self {
        Failure {
            reason,
            reached: true,
        }
    }
}

/// One POST of an alert; why it failed, if it did.
fn post(
    agent: &ureq::Agent,
    url: &str,
    watch: &Watch,
    alert: &Alert,
    secret: &dyn Fn(&str) -> Option<String>,
) -> Result<(), Failure> {
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(Failure::answered("not an http:// or https:// URL".into()));
    }
    let payload = AlertPayload::of(alert);
    let body = serde_json::to_vec(&payload).map_err(|e| Failure::answered(e.to_string()))?;
    let mut req = agent
        .post(url)
        .set("Content-Type", "application/json")
        .set(DELIVERY_HEADER, &payload.id());
    if let Some(var) = &watch.secret_env {
        let Some(key) = secret(var) else {
            return Err(Failure::answered(format!(
                "the secret variable {var} is not set"
            )));
        };
        req = req.set(SIGNATURE_HEADER, &sign(key.as_bytes(), &body));
    }
    match req.send_bytes(&body) {
        Ok(resp) if (200..300).contains(&resp.status()) => Ok(()),
        Ok(resp) => Err(Failure::answered(format!("HTTP {}", resp.status()))),
        Err(ureq::Error::Status(code, _)) => Err(Failure::answered(format!("HTTP {code}"))),
        Err(e) => Err(Failure {
            reason: e.to_string(),
            reached: false,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_store::WatchStore;

    #[test]
    fn signature_is_hmac_sha256_of_the_body() {
        // RFC 4231, test case 2.
        assert_eq!(
            sign(b"Jefe", b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn backoff_doubles_from_the_first_wait_up_to_the_cap() {
        let s = DeliverySettings {
            backoff: Duration::from_secs(60),
            max_backoff: Duration::from_secs(600),
            ..DeliverySettings::default()
        };
        let waits: Vec<u64> = (1..=6).map(|n| backoff_after(n, &s).as_secs()).collect();
        assert_eq!(waits, [60, 120, 240, 480, 600, 600]);
    }

    fn alert(item: &str, seq: i64) -> Alert {
        Alert {
            watch: "hooked".into(),
            item: item.into(),
            kind: "article".into(),
            title: format!("Title {item}"),
            reason: "is new".into(),
            raised_at: "2026-01-01T00:00:00Z".into(),
            seq,
            delivery: None,
        }
    }

    #[test]
    fn an_unreachable_webhook_is_tried_once_per_run() {
        // A port nothing listens on.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut store = storyline_store::SqliteStore::open_in_memory().unwrap();
        store
            .put_watch(&Watch {
                name: "hooked".into(),
                webhook: Some(format!("http://127.0.0.1:{port}/hook")),
                ..Watch::default()
            })
            .unwrap();
        let alerts = [alert("a1", 1), alert("a2", 2), alert("a3", 3)];
        store.record_alerts("hooked", &alerts, 3).unwrap();
        let now = "2026-01-01T00:00:00Z".parse::<DateTime<Utc>>().unwrap();
        let settings = DeliverySettings::default();
        let report = deliver_due(&mut store, now, &settings, &|_| None).unwrap();
        assert_eq!((report.delivered, report.failed), (0, 1));
        let states: Vec<(String, u32)> = store
            .alerts("hooked", None)
            .unwrap()
            .into_iter()
            .map(|a| {
                let d = a.delivery.unwrap();
                (d.state, d.attempts)
            })
            .collect();
        assert_eq!(
            states,
            [
                ("pending".to_string(), 0),
                ("pending".to_string(), 0),
                ("failed".to_string(), 1)
            ]
        );
        // The next run, before a1's retry, tries the next one.
        let report = deliver_due(&mut store, now, &settings, &|_| None).unwrap();
        assert_eq!(report.failed, 1);
        assert_eq!(
            store
                .due_deliveries("2026-01-01T00:00:00Z", 10)
                .unwrap()
                .len(),
            1
        );
    }

    #[test]
    fn payload_id_and_link_name_the_watch_and_item() {
        let a = Alert {
            watch: "idlib".into(),
            item: "event:4".into(),
            kind: "event".into(),
            title: "Shelling".into(),
            reason: "mentions hts".into(),
            raised_at: "2026-01-01T00:00:00Z".into(),
            seq: 3,
            delivery: None,
        };
        let body = serde_json::to_string(&AlertPayload::of(&a)).unwrap();
        assert_eq!(
            body,
            r#"{"id":"idlib/event:4","watch":"idlib","item":"event:4","kind":"event","title":"Shelling","reason":"mentions hts","raised_at":"2026-01-01T00:00:00Z","link":"/events/4"}"#
        );
    }
}
