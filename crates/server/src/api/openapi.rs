//! `/api/openapi.json`: the API described as OpenAPI 3.1, built from one
//! table of operations. A test checks every route appears here.

use axum::Json;
use serde_json::{Value, json};

struct Operation {
    method: &'static str,
    path: &'static str,
    summary: &'static str,
    auth: Auth,
    body: Option<Value>,
}

#[derive(Clone, Copy)]
enum Auth {
    None,
    Organiser,
    Participant,
    TokenQuery,
}

fn string() -> Value {
    json!({"type": "string"})
}

fn operations() -> Vec<Operation> {
    use Auth::*;
    let op = |method, path, summary, auth, body| Operation {
        method,
        path,
        summary,
        auth,
        body,
    };
    vec![
        op(
            "get",
            "/healthz",
            "Storage answers and accepts writes",
            None,
            Option::None,
        ),
        op("get", "/metrics", "Prometheus metrics", None, Option::None),
        op(
            "get",
            "/api/openapi.json",
            "This document",
            None,
            Option::None,
        ),
        op(
            "get",
            "/api/content/templates",
            "Card templates in content/",
            None,
            Option::None,
        ),
        op(
            "get",
            "/api/content/templates/{id}",
            "One template, normalised",
            None,
            Option::None,
        ),
        op(
            "get",
            "/api/content/programmes",
            "Programmes in content/",
            None,
            Option::None,
        ),
        op(
            "post",
            "/api/sessions",
            "Create a session from a programme or one template",
            None,
            Some(json!({
            "type": "object", "required": ["title"],
            "properties": {"title": string(), "programme_id": string(), "template_id": string(),
                "groups": {"type": "integer", "minimum": 1}, "anonymous": {"type": "boolean"},
                "retention_days": {"type": "integer", "minimum": 1}}})),
        ),
        op(
            "get",
            "/api/sessions/{id}",
            "The whole session (organiser)",
            Organiser,
            Option::None,
        ),
        op(
            "delete",
            "/api/sessions/{id}",
            "Hard delete of every row of the session",
            Organiser,
            Option::None,
        ),
        op(
            "put",
            "/api/sessions/{id}/plan",
            "Edit names, times and statements of rounds not yet started",
            Organiser,
            Some(json!({
            "type": "object", "required": ["rounds"],
            "properties": {"rounds": {"type": "array", "items": {"type": "object", "required": ["id"],
                "properties": {"id": string(), "name": string(), "start": string(), "end": string(),
                    "groups": {"type": "array", "items": {"type": "object", "required": ["id"],
                        "properties": {"id": string(), "name": string(), "statements": {"type": "array", "items": string()}}}}}}}}})),
        ),
        op(
            "get",
            "/api/sessions/{id}/overview",
            "Every room of a round: people, notes, activity",
            Organiser,
            Option::None,
        ),
        op(
            "post",
            "/api/sessions/{id}/broadcast",
            "A message to every device",
            Organiser,
            Some(json!({
            "type": "object", "required": ["message"], "properties": {"message": string()}})),
        ),
        op(
            "post",
            "/api/sessions/{id}/rounds/{round}/preview",
            "Preview grouping",
            Organiser,
            Some(json!({
            "type": "object", "properties": {"seed": {"type": "integer"}}})),
        ),
        op(
            "put",
            "/api/sessions/{id}/rounds/{round}/assignment",
            "Store a (hand-adjusted) grouping",
            Organiser,
            Some(json!({
            "type": "object", "required": ["assignment"],
            "properties": {"assignment": {"type": "object", "additionalProperties": string()}}})),
        ),
        op(
            "post",
            "/api/sessions/{id}/rounds/{round}/start",
            "Start a round: rooms created, devices moved",
            Organiser,
            Option::None,
        ),
        op(
            "post",
            "/api/sessions/{id}/rounds/{round}/end",
            "End a round: rooms closed and recorded",
            Organiser,
            Option::None,
        ),
        op(
            "post",
            "/api/sessions/{id}/rounds/{round}/timer",
            "Set the round timer",
            Organiser,
            Some(json!({
            "type": "object", "required": ["minutes"], "properties": {"minutes": {"type": "integer", "minimum": 1}}})),
        ),
        op(
            "post",
            "/api/sessions/{id}/rooms/{room}/close",
            "Close one room",
            Organiser,
            Option::None,
        ),
        op(
            "post",
            "/api/sessions/{id}/rooms/{room}/reopen",
            "Reopen one room",
            Organiser,
            Option::None,
        ),
        op(
            "post",
            "/api/sessions/{id}/participants/{pid}/move",
            "Move a participant to another room",
            Organiser,
            Some(json!({
            "type": "object", "required": ["round_id", "group_id"], "properties": {"round_id": string(), "group_id": string()}})),
        ),
        op(
            "post",
            "/api/sessions/{id}/participants/{pid}/lead",
            "Make a participant the discussion leader of a room",
            Organiser,
            Some(json!({
            "type": "object", "required": ["round_id", "group_id"], "properties": {"round_id": string(), "group_id": string()}})),
        ),
        op(
            "get",
            "/api/sessions/{id}/summary",
            "The merged summary; query: round, format=json|md|html|docx|csv",
            Organiser,
            Option::None,
        ),
        op(
            "post",
            "/api/sessions/{id}/summary/edits",
            "A review edit, checked on the current report and stored",
            Organiser,
            Some(json!({
            "type": "object", "required": ["kind"],
            "properties": {"kind": {"type": "string", "enum": ["merge-items", "split-member", "rename-topic", "move-item", "move-to-new-topic"]},
                "into": string(), "from": string(), "item": string(), "note": string(), "topic": string(), "name": string()}})),
        ),
        op(
            "put",
            "/api/sessions/{id}/summary/overall",
            "The organiser's own overall summary text (null drops it)",
            Organiser,
            Some(json!({
            "type": "object", "properties": {"text": {"type": ["string", "null"]}, "round": string()}})),
        ),
        op(
            "post",
            "/api/join",
            "Join with a code, a name and a role (rate-limited)",
            None,
            Some(json!({
            "type": "object", "required": ["code", "name", "role"],
            "properties": {"code": string(), "name": string(), "role": {"type": "string", "enum": samenbord_core::role::ParticipantRole::ALL.map(|r| r.key())}}})),
        ),
        op(
            "get",
            "/api/me",
            "A participant's own view: session, room, round",
            Participant,
            Option::None,
        ),
        op(
            "get",
            "/api/events",
            "Server-sent events for a device (token in the query)",
            TokenQuery,
            Option::None,
        ),
        op(
            "get",
            "/sync",
            "WebSocket: automerge-repo sync protocol (token in the query)",
            TokenQuery,
            Option::None,
        ),
    ]
}

pub fn openapi_json() -> Value {
    let mut paths = serde_json::Map::new();
    for operation in operations() {
        let mut entry = json!({
            "summary": operation.summary,
            "responses": {
                "200": {"description": "OK"},
                "4XX": {"description": "Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
            }
        });
        let parameters: Vec<Value> = operation
            .path
            .split('/')
            .filter_map(|part| part.strip_prefix('{')?.strip_suffix('}'))
            .map(|name| json!({"name": name, "in": "path", "required": true, "schema": string()}))
            .chain(matches!(operation.auth, Auth::TokenQuery).then(
                || json!({"name": "token", "in": "query", "required": true, "schema": string()}),
            ))
            .collect();
        if !parameters.is_empty() {
            entry["parameters"] = Value::Array(parameters);
        }
        match operation.auth {
            Auth::Organiser => entry["security"] = json!([{"organiserSecret": []}]),
            Auth::Participant => entry["security"] = json!([{"participantToken": []}]),
            Auth::None | Auth::TokenQuery => {}
        }
        if let Some(schema) = operation.body {
            entry["requestBody"] =
                json!({"required": true, "content": {"application/json": {"schema": schema}}});
        }
        let path = paths
            .entry(operation.path.to_owned())
            .or_insert_with(|| json!({}));
        path[operation.method] = entry;
    }
    json!({
        "openapi": "3.1.0",
        "info": {"title": "samenbord", "version": env!("CARGO_PKG_VERSION")},
        "paths": paths,
        "components": {
            "securitySchemes": {
                "organiserSecret": {"type": "http", "scheme": "bearer", "description": "The secret from the organiser link"},
                "participantToken": {"type": "http", "scheme": "bearer", "description": "The token returned by /api/join"}
            },
            "schemas": {"Error": {"type": "object", "required": ["code", "message"],
                "properties": {"code": string(), "message": string()}}}
        }
    })
}

pub async fn document() -> Json<Value> {
    Json(openapi_json())
}
