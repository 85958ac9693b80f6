//! Pieces shared by the sources that write their usual record's event as a template
//! (`access_log::usual`, `elb::usual`, `squid::usual`): the constant parts are made once
//! per file by the typed writer itself (so they hold exactly its keys and captions), and
//! the values are written between them.

use ocsf::json::{WriteConstant, WriteJson};
use ocsf::objects::{Observable, Status};
use std::ops::Range;

/// An event's JSON as the typed writer writes it, up to and including `,"time":` (the
/// class, activity, type and severity: the head every event of that activity shares).
pub(crate) fn head(event: &impl WriteJson) -> Vec<u8> {
    let mut json = ocsf::json::to_vec(event);
    let time = b",\"time\":";
    json.truncate(find(&json, time) + time.len());
    json
}

/// Where `what` starts in `json`, a piece the typed writer writes.
pub(crate) fn find(json: &[u8], what: &[u8]) -> usize {
    json.windows(what.len())
        .position(|w| w == what)
        .expect("the typed writer writes this piece")
}

/// `,"status_id":1,"status":"Success"` for `status`.
pub(crate) fn status(status: Status) -> Vec<u8> {
    let mut piece = b",\"status_id\":".to_vec();
    status.id().write_json(&mut piece);
    piece.extend_from_slice(b",\"status\":");
    status.caption().write_constant(&mut piece);
    piece
}

/// An observable as the typed writer writes it, cut before its value (written last).
pub(crate) fn up_to_value(observable: Observable<'_>) -> Vec<u8> {
    let mut json = ocsf::json::to_vec(&observable);
    assert!(json.ends_with(b",\"value\":\"\"}"), "the value is last");
    json.truncate(json.len() - 3);
    json
}

/// The heads of HTTP Activity by activity id, 0 (Unknown) to 8 (Trace).
pub(crate) fn http_heads() -> [Vec<u8>; 9] {
    use ocsf::network::{http_activity::*, HttpActivity};
    let activities = [
        UNKNOWN, CONNECT, DELETE, GET, HEAD, OPTIONS, POST, PUT, TRACE,
    ];
    activities.map(|activity| {
        let event = HttpActivity::new(activity, 0, ocsf::objects::Product::default());
        head(&event)
    })
}

/// Where `write` wrote in `out` (a value the event holds twice is escaped once and the
/// second time copied from there).
pub(crate) fn written(out: &mut Vec<u8>, write: impl FnOnce(&mut Vec<u8>)) -> Range<usize> {
    let start = out.len();
    write(out);
    start..out.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_are_the_typed_writers() {
        let heads = http_heads();
        for (id, head) in heads.iter().enumerate() {
            let text = String::from_utf8_lossy(head);
            assert!(
                text.starts_with(&format!("{{\"activity_id\":{id},")),
                "{text}"
            );
            assert!(text.ends_with(",\"time\":"), "{text}");
        }
        assert!(String::from_utf8_lossy(&heads[3]).contains("\"type_name\":\"HTTP Activity: Get\""));
        assert_eq!(
            status(Status::Failure),
            b",\"status_id\":2,\"status\":\"Failure\""
        );
        assert_eq!(
            String::from_utf8_lossy(&up_to_value(Observable::ip("src_endpoint.ip", "".into()))),
            "{\"name\":\"src_endpoint.ip\",\"type_id\":2,\"type\":\"IP Address\",\"value\":"
        );
        let mut out = b"ab".to_vec();
        assert_eq!(written(&mut out, |o| o.extend_from_slice(b"cde")), 2..5);
    }
}
