//! Whether an event is about an entity or only names it in passing: the
//! rule that keeps an entity's timeline to the events where it matters.
//!
//! An entity is salient in an event when, in one of the event's articles,
//! it speaks (a quote's speaker) or is named inside a quote, it is named in
//! the title or the lead, or when its mentions are a sufficient share of all
//! the name mentions of the event's articles. A profile of someone else
//! that names it once in its tenth paragraph is none of these.
//!
//! Pure: reads what the annotate stage stored (mention spans, quote spans
//! and speakers) and the articles' titles and texts.

use super::prose::prose_start;
use super::summary::sentences;
use serde::{Deserialize, Serialize};

/// When an entity counts as salient in an event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SalienceSettings {
    /// Share of all name mentions in the event's articles that are the
    /// entity's, at least. 0.1: a report about someone names them again and
    /// again (one name in ten or more), while a passing reference is one or
    /// two names among the dozens a report carries.
    pub min_mention_share: f32,
    /// Sentences of an article's text that are its lead (after any
    /// timestamp or byline clutter at the start).
    pub lead_sentences: usize,
}

impl Default for SalienceSettings {
    fn default() -> Self {
        SalienceSettings {
            min_mention_share: 0.1,
            lead_sentences: 2,
        }
    }
}

/// One article of an event as salience reads it.
#[derive(Clone, Copy, Debug)]
pub struct SalienceDoc<'a> {
    /// The article's title, when it has one.
    pub title: Option<&'a str>,
    /// The article's cleaned body text.
    pub text: &'a str,
    /// Byte spans (into `text`) of the entity's mentions.
    pub entity_mentions: &'a [(usize, usize)],
    /// Name mentions of any entity in the article (the entity's included).
    pub all_mentions: usize,
    /// Byte spans of the article's quotes, and whether the entity spoke each.
    pub quotes: &'a [((usize, usize), bool)],
}

/// Why an entity is salient in an event (the first reason found).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SalienceReason {
    /// It speaks, or a quote names it.
    Quoted,
    /// A title names it.
    Title,
    /// A lead names it.
    Lead,
    /// Its mentions are a sufficient share of the event's.
    Share,
}

/// Whether `names` (the entity's spellings) occur in `title` as whole
/// words, case-insensitively.
fn title_names(title: &str, names: &[&str]) -> bool {
    let t = title.to_lowercase();
    names.iter().any(|n| {
        let n = n.trim().to_lowercase();
        !n.is_empty()
            && t.match_indices(&n).any(|(i, _)| {
                let before = t[..i].chars().next_back();
                let after = t[i + n.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
            })
    })
}

/// The byte end of an article's lead: its first `n` sentences after any
/// clutter at its start.
fn lead_end(text: &str, n: usize) -> usize {
    let spans = sentences(text);
    let mut taken = 0;
    let mut end = 0;
    for (s, e) in spans {
        if taken >= n {
            break;
        }
        end = e;
        // A sentence that is all clutter (a timestamp line) does not count.
        if prose_start(&text[s..e]) < e - s {
            taken += 1;
        }
    }
    end
}

/// Why the entity called `names` is salient in the event of `docs`, or
/// `None` when the event only names it in passing.
pub fn salience(
    docs: &[SalienceDoc],
    names: &[&str],
    settings: &SalienceSettings,
) -> Option<SalienceReason> {
    let quoted = docs.iter().any(|d| {
        d.quotes.iter().any(|&((qs, qe), spoke)| {
            spoke
                || d.entity_mentions
                    .iter()
                    .any(|&(ms, me)| qs <= ms && me <= qe)
        })
    });
    if quoted {
        return Some(SalienceReason::Quoted);
    }
    if docs
        .iter()
        .any(|d| d.title.is_some_and(|t| title_names(t, names)))
    {
        return Some(SalienceReason::Title);
    }
    if docs.iter().any(|d| {
        let end = lead_end(d.text, settings.lead_sentences);
        d.entity_mentions.iter().any(|&(s, _)| s < end)
    }) {
        return Some(SalienceReason::Lead);
    }
    let own: usize = docs.iter().map(|d| d.entity_mentions.len()).sum();
    let all: usize = docs
        .iter()
        .map(|d| d.all_mentions.max(d.entity_mentions.len()))
        .sum();
    (all > 0 && own as f32 >= settings.min_mention_share * all as f32)
        .then_some(SalienceReason::Share)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROFILE: &str = "Paul Wolfowitz arrived at the World Bank on Monday. \
        Wolfowitz said the bank would fight corruption. Colleagues at the Pentagon praised him. \
        In 2003 he had argued for war, and he once met Gaddafi. The bank's board approved his plan.";

    fn span(text: &str, word: &str) -> (usize, usize) {
        let i = text.find(word).unwrap();
        (i, i + word.len())
    }

    #[test]
    fn a_passing_mention_is_not_salient() {
        let g = [span(PROFILE, "Gaddafi")];
        let doc = SalienceDoc {
            title: Some("Wolfowitz takes over the World Bank"),
            text: PROFILE,
            entity_mentions: &g,
            all_mentions: 12,
            quotes: &[],
        };
        let s = SalienceSettings::default();
        assert_eq!(salience(&[doc], &["Gaddafi", "Muammar Gaddafi"], &s), None);
        // The profile's subject is salient: in the title and the lead.
        let w = [span(PROFILE, "Paul Wolfowitz")];
        let subject = SalienceDoc {
            entity_mentions: &w,
            ..doc
        };
        assert_eq!(
            salience(&[subject], &["Paul Wolfowitz", "Wolfowitz"], &s),
            Some(SalienceReason::Title)
        );
        let untitled = SalienceDoc {
            title: None,
            ..subject
        };
        assert_eq!(
            salience(&[untitled], &["Paul Wolfowitz"], &s),
            Some(SalienceReason::Lead)
        );
    }

    #[test]
    fn a_speaker_or_a_large_share_is_salient() {
        let g = [span(PROFILE, "Gaddafi")];
        let q = span(PROFILE, "the bank would fight corruption");
        let spoke = SalienceDoc {
            title: None,
            text: PROFILE,
            entity_mentions: &g,
            all_mentions: 12,
            quotes: &[(q, true)],
        };
        let s = SalienceSettings::default();
        assert_eq!(
            salience(&[spoke], &["Gaddafi"], &s),
            Some(SalienceReason::Quoted)
        );
        let few_names = SalienceDoc {
            quotes: &[],
            all_mentions: 5,
            ..spoke
        };
        assert_eq!(
            salience(&[few_names], &["Gaddafi"], &s),
            Some(SalienceReason::Share)
        );
    }
}
