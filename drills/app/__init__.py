"""The application layer: what `drill` does, between the CLI/UI and the store and pure core.

    storage.open_store(...)       the one way to open the study database (creating it or not)
    review.ReviewSession          the daily review (and cram): queue, answers, undo, suspend, bury
    speed.SpeedRun                one timed speed drill
    answering.Answering           one answer, top to bottom: check, rate, FSRS, leech rule, commit
    progress                      `drill stats` / `drill decks` figures, suspended cards
    history                       `drill history export`
    contracts                     the dataclasses and Protocols the UI is written against

The CLI and the UI call only this package; it is the only one that opens the store. Modules are
imported on demand (nothing here at package import), so the first prompt stays fast.
"""
