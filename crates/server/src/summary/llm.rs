//! The optional generated overall summary: one request to an
//! OpenAI-compatible `/chat/completions` endpoint the operator configured,
//! with the report's most-mentioned remarks as the prompt. Never called
//! unless configured. Answers are cached per prompt, so reloading a
//! summary that did not change costs no second request.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Mutex;
use std::time::Duration;

use samenbord_core::summary::{MergedItem, Report};
use serde_json::{Value, json};

use crate::config::LlmArgs;

/// How long one generation may take.
pub const TIMEOUT: Duration = Duration::from_secs(20);
/// Remarks per section of a round in the prompt.
const ITEMS_PER_SECTION: usize = 6;
const SYSTEM_PROMPT: &str = "Je schrijft de samenvatting bovenaan het verslag van een \
partnerschapsdag Samen Opleiden. Schrijf in het Nederlands, zakelijk, per dialoogsessie \
één alinea van hoogstens vijf zinnen, alleen op basis van de gegeven opbrengsten. \
Noem wat vaak genoemd werd en de afspraken. Verzin niets.";

#[derive(Debug, thiserror::Error)]
pub enum LlmError {
    #[error("geen antwoord binnen {} seconden", TIMEOUT.as_secs())]
    Timeout,
    #[error("het taalmodel is niet bereikbaar")]
    Unreachable(#[source] reqwest::Error),
    #[error("het taalmodel antwoordde met status {0}")]
    Status(u16),
    #[error("het antwoord van het taalmodel bevat geen tekst")]
    Empty,
    #[error("de HTTP-client kon niet worden gemaakt: {0}")]
    Client(#[source] reqwest::Error),
}

/// A configured endpoint.
pub struct LlmClient {
    http: reqwest::Client,
    endpoint: String,
    model: String,
    key: Option<String>,
    cache: Mutex<HashMap<u64, String>>,
}

impl std::fmt::Debug for LlmClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LlmClient")
            .field("endpoint", &self.endpoint)
            .field("model", &self.model)
            .finish_non_exhaustive()
    }
}

impl LlmClient {
    /// A client if both URL and model are configured, else `None`.
    pub fn from_args(args: &LlmArgs) -> Result<Option<Self>, LlmError> {
        let (Some(url), Some(model)) = (&args.url, &args.model) else {
            return Ok(None);
        };
        let (url, model) = (url.trim(), model.trim());
        if url.is_empty() || model.is_empty() {
            return Ok(None);
        }
        let http = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .build()
            .map_err(LlmError::Client)?;
        Ok(Some(Self {
            http,
            endpoint: format!("{}/chat/completions", url.trim_end_matches('/')),
            model: model.to_owned(),
            key: args.key.as_ref().map(|k| k.0.clone()),
            cache: Mutex::default(),
        }))
    }

    /// The generated overall summary of `report`.
    pub async fn overall(&self, report: &Report) -> Result<String, LlmError> {
        let prompt = prompt(report);
        let key = {
            let mut hasher = DefaultHasher::new();
            prompt.hash(&mut hasher);
            hasher.finish()
        };
        if let Some(text) = self.cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
            return Ok(text);
        }
        let body = json!({
            "model": self.model,
            "temperature": 0.2,
            "messages": [
                {"role": "system", "content": SYSTEM_PROMPT},
                {"role": "user", "content": prompt},
            ],
        });
        let mut request = self.http.post(&self.endpoint).json(&body);
        if let Some(key) = &self.key {
            request = request.bearer_auth(key);
        }
        let response = request.send().await.map_err(transport)?;
        if !response.status().is_success() {
            return Err(LlmError::Status(response.status().as_u16()));
        }
        let answer: Value = response.json().await.map_err(transport)?;
        let text = answer["choices"][0]["message"]["content"]
            .as_str()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or(LlmError::Empty)?
            .to_owned();
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(key, text.clone());
        }
        Ok(text)
    }
}

fn transport(error: reqwest::Error) -> LlmError {
    if error.is_timeout() {
        LlmError::Timeout
    } else {
        LlmError::Unreachable(error)
    }
}

/// The report's most-mentioned remarks per round and section, with their
/// counts and groups, and the agreements: all a model needs, no names.
pub fn prompt(report: &Report) -> String {
    let mut out = String::from(
        "Opbrengsten van de dag, per dialoogsessie en onderdeel. \
Tussen haakjes: hoe vaak iets genoemd werd en door welke groepen.\n",
    );
    for round in &report.rounds {
        out.push_str(&format!("\n# {}\n", round.round_name));
        let groups: Vec<String> = round
            .groups
            .iter()
            .map(|g| match &g.statement {
                Some(s) => format!("- {}: stelling \"{}\"", g.label, s.replace('\n', " ")),
                None => format!("- {}", g.label),
            })
            .collect();
        out.push_str(&format!("Groepen:\n{}\n", groups.join("\n")));
        for section in &round.cross_group {
            let mut items: Vec<&MergedItem> = section.items().collect();
            items.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.text.cmp(&b.text)));
            out.push_str(&format!("## {}\n", section.title));
            for item in items.iter().take(ITEMS_PER_SECTION) {
                out.push_str(&format!(
                    "- {} ({}x; {})\n",
                    item.text.replace('\n', " "),
                    item.count,
                    item.groups.join(", ")
                ));
            }
        }
    }
    if !report.agreements.is_empty() {
        out.push_str("\n# Afspraken\n");
        for a in &report.agreements {
            out.push_str(&format!(
                "- {} (wie: {}; wanneer: {})\n",
                a.what,
                a.who.as_deref().unwrap_or("-"),
                a.when.as_deref().unwrap_or("-")
            ));
        }
    }
    out
}
