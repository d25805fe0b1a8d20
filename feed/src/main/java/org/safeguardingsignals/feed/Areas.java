package org.safeguardingsignals.feed;

import java.util.List;
import java.util.Random;

/**
 * Small areas as 2021 LSOA codes ({@code E01} and six digits), synthetic: each simulated authority has a block of
 * codes of its own, about one per {@link Calibration#CHILDREN_PER_AREA} children, and the other police force's area
 * ({@link Agencies#OTHER_FORCE}) a block after them. They stand for where a child lives or is placed and where a
 * child is found; never an address.
 *
 * <p>Each child's area is fixed by the seed: the household's home, or for a looked-after child the placement, in the
 * host authority. Children who go missing repeatedly cluster, as exploitation does (docs/DOMAIN.md, Exploitation:
 * practice is contextual): two in three of their homes and placements are in a few hotspot areas of the authority,
 * where most children's homes are too; so children of one hotspot can go missing together, and looked-after children
 * of one cohort sometimes share a placement area.
 */
final class Areas {
    /** Highest code number of the six digits. */
    private static final int CODES = 999_999;
    /** Areas of the other force where children are found. */
    static final int AWAY_AREAS = 200;
    /** About one area in thirty of an authority is a hotspot (four in an authority of 40,000 children). */
    private static final int AREAS_PER_HOTSPOT = 30;
    /** Homes and placements of children who go missing repeatedly that are in a hotspot. */
    private static final double IN_HOTSPOT = 2.0 / 3;

    private final Population population;
    private final int perAuthority;
    private final int hotspots;

    Areas(Population population) {
        this.population = population;
        int authorities = population.authorities().size();
        this.perAuthority = Math.max(
                1,
                Math.min(
                        population.childrenPerAuthority() / Calibration.CHILDREN_PER_AREA,
                        (CODES - AWAY_AREAS) / authorities));
        this.hotspots = Math.max(1, perAuthority / AREAS_PER_HOTSPOT);
    }

    /** Where the child lives: the placement of a looked-after child, else the household's home. */
    String of(int child) {
        return population.lookedAfter(child) ? placement(child) : home(child);
    }

    /** The household's home area, in the child's authority. */
    private String home(int child) {
        int household = population.householdOf(child);
        int authority = population.authorityIndexOf(child);
        boolean prone = population.childrenOf(household).stream()
                .anyMatch(c -> population.missingProne(c) && !population.lookedAfter(c));
        if (prone && population.chance(household, 20, IN_HOTSPOT)) {
            return hotspot(authority, population.mix(household, 21));
        }
        return code(authority, population.mix(household, 22) % perAuthority);
    }

    /** A looked-after child's placement area, in the host authority. */
    private String placement(int child) {
        int host = population.authorities().indexOf(population.hostAuthorityOf(child));
        if (population.chance(child, 23, IN_HOTSPOT)) {
            return hotspot(host, population.mix(child, 24));
        }
        return code(host, population.mix(child, 25) % perAuthority);
    }

    /** An area of the authority, at random: where a child is found within the home force's area. */
    String anyIn(String authority, Random random) {
        return code(population.authorities().indexOf(authority), random.nextInt(perAuthority));
    }

    /** An area of the other force, at random: where a child is found out of force. */
    String away(Random random) {
        return code(population.authorities().size(), random.nextInt(AWAY_AREAS));
    }

    /** The simulated authority an area is in; null for the other force's areas. */
    String authorityOf(String area) {
        int authority = (Integer.parseInt(area.substring(3)) - 1) / perAuthority;
        List<String> all = population.authorities();
        return authority < all.size() ? all.get(authority) : null;
    }

    /** One of the authority's hotspots, chosen by {@code pick}; the hotspots are spread by the seed. */
    private String hotspot(int authority, long pick) {
        int h = (int) (pick % hotspots);
        return code(authority, population.mix(authority, 30 + h) % perAuthority);
    }

    private String code(int authority, long area) {
        return String.format("E01%06d", 1 + (long) authority * perAuthority + area);
    }
}
