package org.safeguardingsignals.local;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.safeguardingsignals.metrics.PartnershipReport;

/** The partnership report against the local run: reads its addresses from data/endpoints.properties. */
public final class Report {
    private Report() {}

    public static void main(String[] args) throws Exception {
        List<String> split = new ArrayList<>();
        Arrays.stream(args)
                .flatMap(a -> Arrays.stream(a.trim().split("\\s+")))
                .filter(a -> !a.isEmpty())
                .forEach(split::add);
        PartnershipReport.main(split.toArray(String[]::new));
    }
}
