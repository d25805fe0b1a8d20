package org.safeguardingsignals.detection.rules;

import java.time.Instant;

/**
 * The moment a child's picture is judged at: the end of every rule's window, and whether late data prompted it.
 *
 * <p>Data within the intake grace is judged as if it had arrived on time: windows end at the child's latest
 * indicator. Late data (more than the grace behind stream time) is judged against the present: windows end at stream
 * time, so a combination that still holds now is raised, marked as formed from late data, and one that lapsed before
 * now raises nothing. Windows never end before an earlier judgement of the same child, so a picture cannot seem to
 * lapse and form again because a window moved back.
 *
 * @param anchor when every window ends
 * @param late   whether the data being judged arrived more than the grace after it happened
 */
public record Judgement(Instant anchor, boolean late) {}
