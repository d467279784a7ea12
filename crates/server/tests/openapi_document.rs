//! `docs/openapi.json` is the published copy of the API description the
//! server generates from its handlers and the core's contract types. This
//! test fails when the two differ. To accept a change of the API:
//!
//! ```sh
//! SAMENBORD_UPDATE_CONTRACT=1 cargo test -p samenbord-server --test openapi_document
//! ```

use std::path::Path;

#[test]
fn docs_openapi_json_is_what_the_server_serves() {
    let generated = samenbord_server::api::openapi()
        .to_pretty_json()
        .expect("the document serialises");
    let generated = format!("{generated}\n");
    let published = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/openapi.json");
    if std::env::var_os("SAMENBORD_UPDATE_CONTRACT").is_some() {
        std::fs::write(&published, &generated).expect("write docs/openapi.json");
        return;
    }
    let current = std::fs::read_to_string(&published).unwrap_or_default();
    assert!(
        current == generated,
        "docs/openapi.json differs from the API the server serves; regenerate with \\
         SAMENBORD_UPDATE_CONTRACT=1 cargo test -p samenbord-server --test openapi_document"
    );
}
