package org.safeguardingsignals.feed;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.MissingEpisode;
import org.safeguardingsignals.events.MissingType;
import org.safeguardingsignals.events.PersonRef;
import org.safeguardingsignals.events.PoliceRiskGrade;
import org.safeguardingsignals.events.ReturnInterviewEvent;
import org.safeguardingsignals.events.ReturnInterviewStatus;
import org.safeguardingsignals.topics.Topics;

/**
 * Missing episodes: the police report, the return (the same episode id) and, mostly, the return home interview.
 * Reported by {@link Agencies#FORCE} in the authority where the child lives.
 */
final class MissingEpisodes {
    private static final long HOUR_MS = Duration.ofHours(1).toMillis();
    /** Police record where the child went missing from on most reports. */
    private static final double FROM_AREA_KNOWN = 0.9;
    /** And, on some returns, the area where the child was found (none when found at home). */
    private static final double FOUND_AREA_KNOWN = 0.4;

    /**
     * One child's episode, all decided when the child is reported missing.
     *
     * @param missingFrom where the child went missing from (home or placement), or null
     * @param foundForce  the force in whose area the child was found
     * @param foundArea   where the child was found, or null
     * @param foundWith   the other children found with the child, by NHS number
     */
    record Episode(
            int child,
            long reportedAt,
            long returnedAt,
            PoliceRiskGrade grade,
            String missingFrom,
            String foundForce,
            String foundArea,
            List<PersonRef> foundWith) {}

    private final Population population;
    private final Areas areas;
    private final Agencies agencies;
    private final Schedule schedule;
    private final Random random;

    MissingEpisodes(Population population, Areas areas, Agencies agencies, Schedule schedule, Random random) {
        this.population = population;
        this.areas = areas;
        this.agencies = agencies;
        this.schedule = schedule;
        this.random = random;
    }

    /**
     * An episode of a child on their own: back within two days; one return in seven is found in another force's area
     * ({@link Agencies#OTHER_FORCE}), the rest in the home force's.
     */
    Publication alone(int child, long at) {
        PoliceRiskGrade grade = PoliceRiskGrade.values()[random.nextInt(4)];
        long returnedAt = at + HOUR_MS * (1 + random.nextInt(47));
        boolean away = random.nextDouble() < 1.0 / 7;
        String from = random.nextDouble() < FROM_AREA_KNOWN ? areas.of(child) : null;
        String found = null;
        if (random.nextDouble() < FOUND_AREA_KNOWN) {
            found = away ? areas.away(random) : areas.anyIn(livesIn(child), random);
        }
        return report(new Episode(
                child, at, returnedAt, grade, from, away ? Agencies.OTHER_FORCE : Agencies.FORCE, found, List.of()));
    }

    /** The report, now; the return and the interview are scheduled. Its key is the episode id. */
    Publication report(Episode e) {
        int child = e.child();
        boolean lookedAfter = population.lookedAfter(child);
        String placing = population.authorityOf(child);
        String host = livesIn(child);
        String episode = "EP-" + schedule.reference();
        MissingEpisode.Builder b = MissingEpisode.newBuilder()
                .setHeader(agencies.header(Agency.POLICE, Agencies.FORCE, host, e.reportedAt()))
                .setEpisodeId(episode)
                .setChild(population.ref(child))
                .setReportedMissingAt(Instant.ofEpochMilli(e.reportedAt()))
                .setMissingType(MissingType.MISSING)
                .setLookedAfter(lookedAfter)
                .setPoliceRiskGrade(e.grade())
                .setMissingFromArea(e.missingFrom());
        if (lookedAfter) {
            b.setPlacingAuthority(placing).setHostAuthority(host);
        }
        MissingEpisode reported = b.build();
        long returnedAt = e.returnedAt();
        schedule.at(returnedAt, () -> {
            MissingEpisode returned = MissingEpisode.newBuilder(reported)
                    .setHeader(agencies.header(Agency.POLICE, Agencies.FORCE, host, returnedAt))
                    .setReturnedAt(Instant.ofEpochMilli(returnedAt))
                    .setFoundForceCode(e.foundForce())
                    .setFoundArea(e.foundArea())
                    .setFoundWith(e.foundWith())
                    .build();
            interview(child, episode, placing, returnedAt);
            return List.of(
                    new Publication(Topics.MISSING_EPISODES, episode, returned, Instant.ofEpochMilli(returnedAt)));
        });
        return new Publication(Topics.MISSING_EPISODES, episode, reported, Instant.ofEpochMilli(e.reportedAt()));
    }

    /** Where the child lives: the host authority of a looked-after child. */
    String livesIn(int child) {
        return population.lookedAfter(child) ? population.hostAuthorityOf(child) : population.authorityOf(child);
    }

    /** 63% within 72 hours (the national figure), 27% later, 10% never. */
    private void interview(int child, String episode, String la, long returnedAt) {
        double roll = random.nextDouble();
        if (roll >= 0.9) {
            return;
        }
        long hours = roll < Calibration.INTERVIEWS_WITHIN_72_HOURS ? 4 + random.nextInt(67) : 73 + random.nextInt(120);
        long at = returnedAt + HOUR_MS * hours;
        schedule.at(
                at,
                () -> List.of(new Publication(
                        Topics.RETURN_INTERVIEWS,
                        episode,
                        ReturnInterviewEvent.newBuilder()
                                .setHeader(agencies.header(Agency.CHILDRENS_SERVICES, la, la, at))
                                .setEpisodeId(episode)
                                .setChild(population.ref(child))
                                .setStatus(ReturnInterviewStatus.COMPLETED)
                                .build(),
                        Instant.ofEpochMilli(at))));
    }
}
