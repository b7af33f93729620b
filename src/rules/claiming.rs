//! The rules of a pack that may claim a report by its title (`[detect]` in its `pack.toml`).
//! A run with no pack chosen tries each such pack on every report, but most runs never meet a
//! report of that type: a built-in pack's rules are loaded only when a report first calls for
//! them, so a run over 法治 reports does not pay for loading the 政府信息公开 pack.

use std::fmt;
use std::sync::{Arc, OnceLock};

use super::RuleSet;
use crate::pack::PackSettings;

/// A pack's rules, loaded now or on first use.
pub struct Claiming {
    /// The pack's settings: its `[detect]` title pattern decides whether it claims a report.
    settings: PackSettings,
    /// The rules once loaded.
    cell: OnceLock<Arc<RuleSet>>,
    /// What loads them.
    load: Box<dyn Fn() -> Arc<RuleSet> + Send + Sync>,
}

impl Claiming {
    /// Rules already loaded.
    #[must_use]
    pub fn loaded(rules: Arc<RuleSet>) -> Self {
        let settings = rules.pack.clone();
        let cell = OnceLock::from(Arc::clone(&rules));
        Self { settings, cell, load: Box::new(move || Arc::clone(&rules)) }
    }

    /// Rules that `load` gives the first time a report needs them. `load` must not fail: use it
    /// for built-in packs only, whose every rule file is checked by the test suite.
    #[must_use]
    pub fn deferred(settings: PackSettings, load: impl Fn() -> RuleSet + Send + Sync + 'static) -> Self {
        Self { settings, cell: OnceLock::new(), load: Box::new(move || Arc::new(load())) }
    }

    /// The pack's settings.
    #[must_use]
    pub fn settings(&self) -> &PackSettings {
        &self.settings
    }

    /// Whether the pack claims a report with this text by its title.
    #[must_use]
    pub fn claims(&self, text: &str) -> bool {
        self.settings.claims(text)
    }

    /// The rules, loading them the first time.
    #[must_use]
    pub fn rules(&self) -> &RuleSet {
        self.cell.get_or_init(&self.load)
    }

    /// Whether the rules have been loaded (a deferred set before any report called for it is not).
    #[must_use]
    pub fn is_loaded(&self) -> bool {
        self.cell.get().is_some()
    }
}

impl fmt::Debug for Claiming {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Claiming")
            .field("pack", &self.settings.id())
            .field("loaded", &self.is_loaded())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::pack::Pack;

    #[test]
    fn a_deferred_pack_is_loaded_once_and_only_when_asked() {
        let pack = Pack::Builtin("xxgk");
        let (settings, _, _) = pack.read();
        let loads = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&loads);
        let set = Claiming::deferred(settings, move || {
            counter.fetch_add(1, Ordering::SeqCst);
            RuleSet::load(&Pack::Builtin("xxgk"), &[]).0
        });
        assert!(set.claims("上海市人民政府办公厅2019年政府信息公开工作年度报告\n"));
        assert!(!set.claims("湖滨区2023年法治政府建设年度报告\n"));
        assert_eq!(loads.load(Ordering::SeqCst), 0, "deciding whether it claims a report loads nothing");
        assert!(!set.is_loaded());
        assert!(set.rules().get("structure/part-order").is_some());
        assert!(set.rules().get("structure/part-order").is_some());
        assert_eq!(loads.load(Ordering::SeqCst), 1);
        assert!(set.is_loaded());
    }
}
