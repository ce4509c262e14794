//! The work queue against a live PostgreSQL (STORYLINE_TEST_PG; see
//! storyline_store::postgres::testing for how a missing server fails).
#![cfg(feature = "postgres")]

use std::collections::BTreeSet;
use std::time::Duration;
use storyline_model::{RawDocument, SourceFormat, StatedMeta};
use storyline_store::postgres::jobs::{JobQueue, Stage};
use storyline_store::postgres::testing::{scratch_database, test_server};

fn doc(i: usize) -> RawDocument {
    RawDocument {
        locator: format!("feed.jsonl#line={i}"),
        format: SourceFormat::Text,
        body: format!("body of document {i}").into_bytes(),
        declared_charset: Some("utf-8".into()),
        raw_sha256: format!("{i:064x}"),
        meta: StatedMeta {
            source: Some("Wire".into()),
            title: Some(format!("Title {i}")),
            ..StatedMeta::default()
        },
    }
}

fn queue(tag: &str) -> Option<(String, JobQueue)> {
    let server = test_server()?;
    let url = scratch_database(&server, tag).unwrap();
    let q = JobQueue::connect(&url).unwrap();
    Some((url, q))
}

#[test]
fn a_claimed_job_carries_its_records_back_unchanged() {
    let Some((_, mut q)) = queue("roundtrip") else {
        return;
    };
    let docs: Vec<_> = (0..3).map(doc).collect();
    let id = q.enqueue(&docs).unwrap();
    let jobs = q.claim("w1", 5, Duration::from_secs(60)).unwrap();
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].id, id);
    assert_eq!(jobs[0].attempts, 1);
    assert_eq!(jobs[0].docs, docs);
    // Leased: nobody else gets it.
    assert!(q
        .claim("w2", 5, Duration::from_secs(60))
        .unwrap()
        .is_empty());
    assert!(q.complete("w1", id).unwrap());
    let c = q.counts().unwrap();
    assert_eq!((c.ready, c.leased, c.done), (0, 0, 1));
}

#[test]
fn concurrent_claims_hand_each_job_to_exactly_one_worker() {
    let Some((url, mut q)) = queue("concurrent") else {
        return;
    };
    for i in 0..40 {
        q.enqueue(&[doc(i)]).unwrap();
    }
    let handles: Vec<_> = (0..4)
        .map(|w| {
            let url = url.clone();
            std::thread::spawn(move || {
                let mut q = JobQueue::connect(&url).unwrap();
                let name = format!("w{w}");
                let mut got = Vec::new();
                loop {
                    let jobs = q.claim(&name, 3, Duration::from_secs(60)).unwrap();
                    if jobs.is_empty() {
                        break;
                    }
                    for j in jobs {
                        assert!(q.complete(&name, j.id).unwrap());
                        got.push(j.id);
                    }
                }
                got
            })
        })
        .collect();
    let all: Vec<i64> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    let distinct: BTreeSet<_> = all.iter().copied().collect();
    assert_eq!(all.len(), 40, "every job claimed once");
    assert_eq!(distinct.len(), 40);
    assert_eq!(q.counts().unwrap().done, 40);
}

#[test]
fn an_expired_lease_returns_the_job_to_the_queue() {
    let Some((_, mut q)) = queue("lease") else {
        return;
    };
    let id = q.enqueue(&[doc(1)]).unwrap();
    let first = q.claim("dead", 1, Duration::from_millis(300)).unwrap();
    assert_eq!(first.len(), 1);
    assert!(q
        .claim("alive", 1, Duration::from_secs(60))
        .unwrap()
        .is_empty());
    let wait = q.next_lease_end().unwrap().expect("a live lease");
    assert!(wait > 0.0 && wait <= 0.3, "{wait}");
    std::thread::sleep(Duration::from_millis(400));
    let second = q.claim("alive", 1, Duration::from_secs(60)).unwrap();
    assert_eq!(second.len(), 1);
    assert_eq!(second[0].id, id);
    assert_eq!(second[0].attempts, 2);
    // The dead worker's late completion is refused; the holder's counts.
    assert!(!q.complete("dead", id).unwrap());
    assert!(q.complete("alive", id).unwrap());
    assert!(!q.complete("alive", id).unwrap(), "done once");
}

#[test]
fn a_stage_lock_excludes_other_sessions_until_released_or_disconnected() {
    let Some((url, mut a)) = queue("stagelock") else {
        return;
    };
    let mut b = JobQueue::connect(&url).unwrap();
    {
        let held = a.lock_stage(Stage::Events).unwrap();
        assert_eq!(held.stage(), Stage::Events);
        assert!(b.try_lock_stage(Stage::Events).unwrap().is_none());
        // Other stages are independent.
        assert!(b.try_lock_stage(Stage::Entities).unwrap().is_some());
    }
    assert!(b.try_lock_stage(Stage::Events).unwrap().is_some());
    // A session that ends (a killed worker) releases its locks.
    let mut c = JobQueue::connect(&url).unwrap();
    std::mem::forget(c.lock_stage(Stage::Syndication).unwrap());
    assert!(b.try_lock_stage(Stage::Syndication).unwrap().is_none());
    drop(c);
    let mut tries = 0;
    while b.try_lock_stage(Stage::Syndication).unwrap().is_none() {
        tries += 1;
        assert!(tries < 50, "lock not released after disconnect");
        std::thread::sleep(Duration::from_millis(20));
    }
}
