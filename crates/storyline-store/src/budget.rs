//! How much one request may spend: a deadline and a cancellation flag that
//! long loops check cooperatively ([`Budget::check`]), and that interrupts a
//! running SQLite statement when it is cancelled (see
//! [`Budget::interrupt_while`]).
//!
//! A budget is cheap to clone (one `Arc`); every clone sees the same flag.

use crate::StoreError;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Stops a running store statement (an SQLite interrupt handle).
pub type Interrupter = Box<dyn Fn() + Send + Sync>;

/// A deadline and a cancellation flag shared by one piece of work.
#[derive(Clone, Default)]
pub struct Budget {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    cancelled: AtomicBool,
    deadline: Option<Instant>,
    /// Interrupters of the statements running for this budget, by slot.
    running: Mutex<Vec<(u64, Interrupter)>>,
    next_slot: std::sync::atomic::AtomicU64,
}

impl std::fmt::Debug for Budget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Budget")
            .field("cancelled", &self.is_cancelled())
            .field("deadline", &self.inner.deadline)
            .finish()
    }
}

impl Budget {
    /// A budget that never runs out (until cancelled).
    pub fn unlimited() -> Self {
        Budget::default()
    }

    /// A budget that runs out `limit` from now.
    pub fn with_deadline(limit: Duration) -> Self {
        Budget {
            inner: Arc::new(Inner {
                deadline: Instant::now().checked_add(limit),
                ..Inner::default()
            }),
        }
    }

    /// Stops the work: every later [`Budget::check`] fails, and the
    /// statements running under [`Budget::interrupt_while`] are interrupted.
    pub fn cancel(&self) {
        self.inner.cancelled.store(true, Ordering::SeqCst);
        if let Ok(running) = self.inner.running.lock() {
            for (_, interrupt) in running.iter() {
                interrupt();
            }
        }
    }

    /// True once the work was cancelled.
    pub fn is_cancelled(&self) -> bool {
        self.inner.cancelled.load(Ordering::SeqCst)
    }

    /// Whether the deadline has passed.
    pub fn is_expired(&self) -> bool {
        self.inner.deadline.is_some_and(|d| Instant::now() >= d)
    }

    /// `Ok` while the work may go on; [`StoreError::OverBudget`] once the
    /// budget was cancelled or its deadline passed.
    pub fn check(&self) -> Result<(), StoreError> {
        if self.is_cancelled() {
            return Err(StoreError::OverBudget("the work was cancelled"));
        }
        if self.is_expired() {
            return Err(StoreError::OverBudget("the deadline passed"));
        }
        Ok(())
    }

    /// Runs `f` with `interrupt` registered: a [`Budget::cancel`] while `f`
    /// runs calls it (an SQLite connection's interrupt handle stops the
    /// statement in progress). Once `f` returns, cancelling no longer
    /// touches the connection, which may serve other work.
    pub fn interrupt_while<T>(&self, interrupt: Option<Interrupter>, f: impl FnOnce() -> T) -> T {
        let Some(interrupt) = interrupt else {
            return f();
        };
        let slot = self.inner.next_slot.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut running) = self.inner.running.lock() {
            running.push((slot, interrupt));
        }
        // Cancelled before the registration: the interrupter was missed.
        if self.is_cancelled() {
            self.cancel();
        }
        struct Unregister<'a>(&'a Inner, u64);
        impl Drop for Unregister<'_> {
            fn drop(&mut self) {
                if let Ok(mut running) = self.0.running.lock() {
                    running.retain(|(s, _)| *s != self.1);
                }
            }
        }
        let _unregister = Unregister(&self.inner, slot);
        f()
    }

    /// A guard that cancels this budget when dropped (the request future
    /// it lives in was dropped: the client went away, or the deadline hit).
    pub fn cancel_on_drop(&self) -> CancelOnDrop {
        CancelOnDrop(Some(self.clone()))
    }
}

/// Cancels its budget when dropped; see [`Budget::cancel_on_drop`].
#[derive(Debug)]
pub struct CancelOnDrop(Option<Budget>);

impl CancelOnDrop {
    /// Drops the guard without cancelling (the work finished).
    pub fn disarm(mut self) {
        self.0 = None;
    }
}

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        if let Some(budget) = self.0.take() {
            budget.cancel();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[test]
    fn a_cancelled_budget_fails_its_checks_and_interrupts_running_work() {
        let budget = Budget::unlimited();
        assert!(budget.check().is_ok());
        let calls = Arc::new(AtomicUsize::new(0));
        let seen = Arc::clone(&calls);
        let interrupt: Interrupter = Box::new(move || {
            seen.fetch_add(1, Ordering::SeqCst);
        });
        budget.interrupt_while(Some(interrupt), || budget.cancel());
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        assert!(matches!(budget.check(), Err(StoreError::OverBudget(_))));
        // After the work returned, cancelling again leaves the connection alone.
        budget.cancel();
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn a_budget_runs_out_at_its_deadline() {
        let budget = Budget::with_deadline(Duration::ZERO);
        assert!(budget.is_expired());
        assert!(matches!(budget.check(), Err(StoreError::OverBudget(_))));
        assert!(Budget::with_deadline(Duration::from_secs(3600))
            .check()
            .is_ok());
    }

    #[test]
    fn the_drop_guard_cancels_unless_disarmed() {
        let budget = Budget::unlimited();
        budget.cancel_on_drop().disarm();
        assert!(!budget.is_cancelled());
        drop(budget.cancel_on_drop());
        assert!(budget.is_cancelled());
    }
}
