//! Speed targets checked by the benchmarks themselves (shared by `benches/projection.rs` and the
//! server's benches through `#[path]`): each measured figure is kept, and at the end every target
//! is printed as met or not met with its figure; the benchmark exits with an error when one is
//! not met, so a slower build cannot pass unnoticed.
//!
//! The figure is the median of criterion's samples (each sample: the time of a batch divided by its
//! number of iterations), the same statistic criterion reports as its middle estimate.
#![allow(dead_code)]

use std::cell::RefCell;
use std::time::Duration;

/// One target: what is measured, its limit, and the samples gathered.
struct Target {
    name: String,
    limit: Duration,
    samples: Vec<Duration>,
}

/// The targets of one benchmark run.
#[derive(Default)]
pub struct Targets {
    targets: RefCell<Vec<Target>>,
}

impl Targets {
    /// Declares a target; returns its index for [`Targets::record`].
    pub fn add(&self, name: impl Into<String>, limit: Duration) -> usize {
        let mut t = self.targets.borrow_mut();
        t.push(Target {
            name: name.into(),
            limit,
            samples: Vec::new(),
        });
        t.len() - 1
    }

    /// Records one sample: `total` for `count` runs of what target `index` measures.
    pub fn record(&self, index: usize, total: Duration, count: u64) {
        if count > 0 {
            let each = Duration::from_nanos((total.as_nanos() / u128::from(count)) as u64);
            self.targets.borrow_mut()[index].samples.push(each);
        }
    }

    /// Prints every target as met or not met with its median; `false` when one is not met (or
    /// was never measured).
    pub fn report(&self) -> bool {
        let mut all_met = true;
        println!("\nTargets (median of the samples):");
        for t in self.targets.borrow().iter() {
            let mut s = t.samples.clone();
            s.sort();
            let Some(median) = s.get(s.len() / 2).copied() else {
                println!("  NOT MEASURED  {} (target ≤ {:?})", t.name, t.limit);
                all_met = false;
                continue;
            };
            let met = median <= t.limit;
            all_met &= met;
            println!(
                "  {}  {}: {} (target ≤ {}, {} samples, fastest {}, slowest {})",
                if met { "met    " } else { "NOT MET" },
                t.name,
                human(median),
                human(t.limit),
                s.len(),
                human(s[0]),
                human(s[s.len() - 1]),
            );
        }
        all_met
    }

    /// [`Targets::report`], then exits with an error when a target is not met.
    pub fn report_and_exit(&self) {
        if !self.report() {
            eprintln!("A speed target is not met (see above).");
            std::process::exit(1);
        }
    }
}

/// `4.21 µs`, `37.5 ms`, `1.20 s`.
pub fn human(d: Duration) -> String {
    let ns = d.as_nanos() as f64;
    if ns < 1e3 {
        format!("{ns:.0} ns")
    } else if ns < 1e6 {
        format!("{:.2} µs", ns / 1e3)
    } else if ns < 1e9 {
        format!("{:.1} ms", ns / 1e6)
    } else {
        format!("{:.2} s", ns / 1e9)
    }
}

/// A benchmark's `main`: runs `bench` with criterion's command-line settings, then reports the
/// targets, exiting with an error when one is not met.
pub fn main_with(bench: impl FnOnce(&mut criterion::Criterion, &Targets)) {
    let targets = Targets::default();
    let mut c = criterion::Criterion::default().configure_from_args();
    bench(&mut c, &targets);
    c.final_summary();
    targets.report_and_exit();
}
