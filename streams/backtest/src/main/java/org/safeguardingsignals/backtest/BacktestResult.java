package org.safeguardingsignals.backtest;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Everything a backtest found, for the report: the period, what changed in the settings, what was replayed and the
 * comparison.
 *
 * @param changed     each setting the candidate changes: key to {current, candidate} ("(default)" when unset)
 * @param pseudonyms  where the pseudonyms come from: the pipeline's key (comparable with the console's) or a key of
 *                    this run only
 */
public record BacktestResult(
        Instant from,
        Instant to,
        Duration warmUp,
        Map<String, String[]> changed,
        String pseudonyms,
        InputHistory.Counts input,
        Map<String, Long> eventsByTopic,
        Replay.Result current,
        Replay.Result candidate,
        FlagComparison comparison,
        Duration reading,
        Duration total) {}
