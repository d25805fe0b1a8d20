package org.safeguardingsignals.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Options of the local run.
 *
 * @param dataDir     where everything lives: broker data, registry, streams state, pseudonym key, logs
 * @param wipe        delete dataDir first
 * @param compression simulated seconds per wall-clock second (172800: two days a second)
 * @param children    children per authority
 * @param authorities GSS codes simulated
 * @param seed        the feed's seed; null: 42 on a fresh data directory, one more on each continued run
 * @param duration    stop by itself after this long (null: run until Ctrl-C)
 * @param feed        whether the synthetic partner-agency feed plays (false: only what agencies publish themselves)
 */
record RunOptions(
        Path dataDir,
        boolean wipe,
        double compression,
        int children,
        List<String> authorities,
        Long seed,
        Duration duration,
        boolean feed) {

    static final String USAGE = """
            Usage: LocalRun [--data DIR] [--wipe] [--compression N] [--children N] [--authorities GSS,GSS,...]
                            [--seed N] [--duration ISO-8601] [--feed synthetic|none] [--help]
              --data DIR          where the run keeps everything (default: data); a restart continues on it
              --wipe              delete DIR first and start afresh
              --compression N     simulated seconds per real second (default 172800: two days a second)
              --children N        children per local authority (default 40000)
              --authorities LIST  GSS codes to simulate, and the ones the console's local user works for
                                  (default E09000022,E10000016,E08000025)
              --seed N            seed of the synthetic events (default 42, then 43, 44, ... on continued runs,
                                  since the same seed replays events the pipeline already holds)
              --duration D        stop after D, e.g. PT2M (default: run until Ctrl-C)
              --feed none         start broker, registry, detection, metrics and console only, without the
                                  synthetic feed, to try an agency's own files (default: synthetic)
            With Maven: mvn -q -pl local exec:exec -Drun.args="--wipe --duration PT2M"
            """;

    static RunOptions parse(String[] raw) {
        List<String> args = new ArrayList<>();
        Arrays.stream(raw)
                .flatMap(a -> Arrays.stream(a.trim().split("\\s+")))
                .filter(a -> !a.isEmpty())
                .forEach(args::add);
        Path data = Path.of("data");
        boolean wipe = false;
        double compression = 172_800;
        int children = 40_000;
        List<String> authorities = List.of("E09000022", "E10000016", "E08000025");
        Long seed = null;
        Duration duration = null;
        boolean feed = true;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--help", "-h" -> throw new Help();
                case "--wipe" -> wipe = true;
                case "--data" -> data = Path.of(value(args, ++i, a));
                case "--compression" -> compression = Double.parseDouble(value(args, ++i, a));
                case "--children" -> children = Integer.parseInt(value(args, ++i, a));
                case "--authorities" ->
                    authorities = List.of(value(args, ++i, a).split(","));
                case "--seed" -> seed = Long.parseLong(value(args, ++i, a));
                case "--duration" -> duration = Duration.parse(value(args, ++i, a));
                case "--feed" ->
                    feed = switch (value(args, ++i, a)) {
                        case "synthetic" -> true;
                        case "none" -> false;
                        default -> throw new IllegalArgumentException("--feed takes synthetic or none\n" + USAGE);
                    };
                default -> throw new IllegalArgumentException("Unknown argument " + a + "\n" + USAGE);
            }
        }
        return new RunOptions(data, wipe, compression, children, authorities, seed, duration, feed);
    }

    /** --help: the caller prints {@link #USAGE} and exits 0. */
    static final class Help extends RuntimeException {
        Help() {
            super(USAGE, null, false, false);
        }
    }

    private static String value(List<String> args, int i, String name) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(name + " needs a value\n" + USAGE);
        }
        return args.get(i);
    }
}
