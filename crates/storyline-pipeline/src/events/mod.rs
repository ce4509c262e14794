//! Events, stories and timelines: the pure stages that turn stored articles
//! into what happened, when, and how it hangs together.
//!
//! - [`features`]: the per-article record clustering reads;
//! - [`cluster`]: incremental, time-aware event clustering and story threading;
//! - [`event_dates`]: date evidence and its fusion into an event date;
//! - [`summary`]: headline and summary sentence of an event;
//! - [`prose`]: article prose versus page clutter, and cleaned headlines;
//! - [`salience`]: whether an event is about an entity or only names it;
//! - [`timeline`]: dated entries in order;
//! - [`datewise`]: date-wise timelines (days ranked by independent mentions).

pub mod cluster;
pub mod datewise;
pub mod event_dates;
pub mod features;
pub mod prose;
pub mod salience;
pub mod summary;
pub mod timeline;

pub use cluster::{
    canonical_key, public_id, CanonicalKey, ClusterSettings, EventEngine, Placement,
};
pub use datewise::{datewise_timeline, rank_days, DatedDoc, DatewiseSettings, DayEntry, RankedDay};
pub use event_dates::{fuse_event_date, DateEvidence, EvidenceKind, EvidenceValue};
pub use features::{
    article_features, entity_keys, linked_entity_keys, relative_date_evidence, with_annotations,
    ArticleFeatures, MentionLink, RelativeDay,
};
pub use summary::MemberText;
pub use timeline::{timeline, TimelineEntry};

use std::collections::HashSet;
use storyline_model::{EventRecord, StoryRecord};

impl EventEngine {
    /// The record of event `id` (its index in creation order); `texts` are
    /// its members' texts (any order, missing ones are skipped) for the
    /// headline and summary sentence. The record carries public ids.
    pub fn event_record(&self, id: u64, texts: &[MemberText]) -> Option<EventRecord> {
        let ev = self.events.get(id as usize)?;
        let members: Vec<&MemberText> = ev
            .members
            .iter()
            .filter_map(|m| texts.iter().find(|t| *t.article == m.article))
            .collect();
        let owned: Vec<MemberText> = members.into_iter().copied().collect();
        let (headline, headline_article) = match summary::best_title(&owned) {
            Some((t, a)) => (t, Some(a)),
            None => (
                ev.members
                    .iter()
                    .find_map(|m| m.title.as_deref().map(prose::clean_headline))
                    .filter(|t| !t.is_empty())
                    .unwrap_or_else(|| {
                        self.label(&ev.centroid.top_terms(self.settings.label_terms))
                    }),
                None,
            ),
        };
        let summary = summary::summary_sentence(&owned);
        let headline = if headline_article.is_none() {
            summary.as_ref().map(|s| s.text.clone()).unwrap_or(headline)
        } else {
            headline
        };
        let units: HashSet<&str> = ev.members.iter().map(|m| m.unit.as_str()).collect();
        Some(EventRecord {
            id: ev.public_id,
            story: self.public_story_of(id),
            headline,
            headline_article,
            summary,
            date: fuse_event_date(&ev.evidence),
            terms: ev
                .centroid
                .top_terms(self.settings.record_terms)
                .into_iter()
                .map(|t| self.term(t).to_string())
                .collect(),
            members: ev.members.clone(),
            independent_sources: units.len(),
        })
    }

    /// The record of story `id` (its index in creation order), with public ids.
    /// Its label is a word list; see [`EventEngine::story_record_titled`].
    pub fn story_record(&self, id: u64) -> Option<StoryRecord> {
        self.story_record_titled(id, None)
    }

    /// The most central event of story `id`: the one closest to the
    /// story's centroid (then the largest, then the first), by index.
    pub fn central_event(&self, id: u64) -> Option<u64> {
        let st = self.stories.get(id as usize)?;
        st.events
            .iter()
            .filter_map(|&e| self.events.get(e as usize))
            .map(|e| (e.centroid.cosine_with(&st.centroid), e))
            .max_by(|(ca, a), (cb, b)| {
                ca.total_cmp(cb)
                    .then(a.members.len().cmp(&b.members.len()))
                    .then(b.id.cmp(&a.id))
            })
            .map(|(_, e)| e.id)
    }

    /// The record of story `id`, titled like a news headline: the member
    /// article title closest to the story's centroid, cleaned of site
    /// names, timestamps, credits and bylines; without titles, `headline`
    /// (the headline of its [`EventEngine::central_event`]) cleaned the
    /// same way; else the story's top terms. The terms stay in the record's
    /// `terms`.
    pub fn story_record_titled(&self, id: u64, headline: Option<String>) -> Option<StoryRecord> {
        let st = self
            .stories
            .get(id as usize)
            .filter(|s| s.merged_into.is_none())?;
        let top = st.centroid.top_terms(self.settings.record_terms);
        let weights: std::collections::HashMap<&str, f32> = st
            .centroid
            .weights
            .iter()
            .map(|(&t, &w)| (self.term(t), w))
            .collect();
        let closeness = |title: &str| {
            let mut tf: std::collections::HashMap<String, f32> = Default::default();
            for t in features::terms(title) {
                *tf.entry(t).or_default() += 1.0;
            }
            let norm = tf.values().map(|w| w * w).sum::<f32>().sqrt();
            let dot: f32 = tf
                .iter()
                .filter_map(|(t, w)| weights.get(t.as_str()).map(|x| x * w))
                .sum();
            if norm > 0.0 {
                dot / norm
            } else {
                0.0
            }
        };
        let best_title = st
            .events
            .iter()
            .filter_map(|&e| self.events.get(e as usize))
            .flat_map(|ev| ev.members.iter())
            .filter_map(|m| m.title.as_deref().map(prose::clean_headline))
            .filter(|t| !t.is_empty())
            .map(|t| (closeness(&t) * title_weight(&t), t))
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
            .map(|(_, t)| t);
        let title = best_title.or_else(|| {
            headline
                .map(|h| prose::clean_headline(&h))
                .filter(|h| !h.is_empty())
        });
        Some(StoryRecord {
            id: st.public_id,
            label: title
                .unwrap_or_else(|| self.label(&top[..top.len().min(self.settings.label_terms)])),
            terms: top.iter().map(|&t| self.term(t).to_string()).collect(),
            events: st
                .events
                .iter()
                .map(|&e| self.events[e as usize].public_id)
                .collect(),
            articles: st.articles,
            first: st
                .first_day
                .and_then(chrono::NaiveDate::from_num_days_from_ce_opt),
            last: st
                .last_day
                .and_then(chrono::NaiveDate::from_num_days_from_ce_opt),
        })
    }

    fn label(&self, terms: &[u32]) -> String {
        terms
            .iter()
            .map(|&t| self.term(t))
            .collect::<Vec<_>>()
            .join(" / ")
    }
}

/// How well a title serves as a story's title: a headline states; a
/// question, an exclamation or a title that opens with a quotation mark (a
/// quote, or a reader's line) is a last resort.
fn title_weight(title: &str) -> f32 {
    let t = title.trim();
    let quoted = t.starts_with(['"', '“', '‘', '\'', '«']);
    let asks_or_exclaims = t.ends_with(['?', '!']);
    match (quoted, asks_or_exclaims) {
        (false, false) => 1.0,
        (true, true) => 0.25,
        _ => 0.5,
    }
}

#[cfg(test)]
mod tests {
    use super::title_weight;

    #[test]
    fn regression_a_readers_exclaimed_quote_titled_a_story() {
        let statement = title_weight("BP caps the leaking well in the Gulf of Mexico");
        let quote = title_weight("\" I don't know why Obama ever trusted these BP guys!");
        let question = title_weight("Can BP stop the leak?");
        assert!(quote < question && question < statement);
        assert_eq!(title_weight("“We will pay,” BP says"), 0.5);
    }
}
