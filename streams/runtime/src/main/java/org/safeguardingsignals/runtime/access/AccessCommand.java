package org.safeguardingsignals.runtime.access;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;

/**
 * Makes a cluster's ACLs what the access file says, through the Admin API: adds the missing bindings, removes those
 * the file no longer has, prints each, and does nothing the second time (idempotent). Run as the administrator:
 *
 * <pre>
 * access --config admin.properties [--file deploy/access/acls.txt] [--dry-run]
 * access --table [--file deploy/access/acls.txt]
 * </pre>
 *
 * where admin.properties holds the administrator's security.protocol, sasl.* and ssl.* keys, and bootstrap.servers
 * (else it is taken from the local run's data/endpoints.properties).
 */
public final class AccessCommand {
    private AccessCommand() {}

    /** What applying the file changed (or, in a dry run, would change). */
    public record Changes(List<AclBinding> added, List<AclBinding> removed) {}

    public static Changes apply(Admin admin, AccessControlFile file, PrintStream out, boolean dryRun) throws Exception {
        Set<AclBinding> wanted = file.bindings();
        Collection<AclBinding> present =
                admin.describeAcls(AclBindingFilter.ANY).values().get();
        List<AclBinding> added =
                sorted(wanted.stream().filter(b -> !present.contains(b)).toList());
        List<AclBinding> removed =
                sorted(present.stream().filter(b -> !wanted.contains(b)).toList());
        added.forEach(b -> out.println("+ " + describe(b)));
        removed.forEach(b -> out.println("- " + describe(b)));
        out.printf(
                "%s%d ACL(s) added, %d removed, %d unchanged%n",
                dryRun ? "dry run: " : "", added.size(), removed.size(), wanted.size() - added.size());
        if (!dryRun) {
            if (!added.isEmpty()) {
                admin.createAcls(added).all().get();
            }
            if (!removed.isEmpty()) {
                admin.deleteAcls(removed.stream().map(AclBinding::toFilter).toList())
                        .all()
                        .get();
            }
        }
        return new Changes(added, removed);
    }

    /** One line a binding: principal, operation, resource. */
    static String describe(AclBinding b) {
        return "%s %s %s %s %s"
                .formatted(
                        b.entry().principal().substring("User:".length()),
                        b.entry().operation(),
                        b.pattern().resourceType().toString().toLowerCase(),
                        b.pattern().patternType().toString().toLowerCase(),
                        b.pattern().name());
    }

    private static List<AclBinding> sorted(List<AclBinding> bindings) {
        List<AclBinding> out = new ArrayList<>(bindings);
        out.sort(Comparator.comparing(AccessCommand::describe));
        return out;
    }

    public static void main(String[] args) throws Exception {
        Path config = null;
        Path file = null;
        boolean dryRun = false;
        boolean table = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--table" -> table = true;
                case "--config" -> config = Path.of(args[++i]);
                case "--file" -> file = Path.of(args[++i]);
                case "--dry-run" -> dryRun = true;
                default -> {
                    System.err.println("usage: access --config admin.properties [--file acls.txt] [--dry-run]");
                    System.exit(2);
                }
            }
        }
        if (table) {
            System.out.print(AccessTable.markdown(
                    file == null ? AccessControlFile.inRepository() : AccessControlFile.read(file)));
            return;
        }
        if (config == null) {
            System.err.println("usage: access --config admin.properties [--file acls.txt] [--dry-run]");
            System.exit(2);
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(config)) {
            p.load(in);
        }
        Path endpoints = Path.of("data", "endpoints.properties");
        if (!p.containsKey("bootstrap.servers") && Files.exists(endpoints)) {
            Properties local = new Properties();
            try (InputStream in = Files.newInputStream(endpoints)) {
                local.load(in);
            }
            p.setProperty("bootstrap.servers", local.getProperty("bootstrap.servers"));
        }
        AccessControlFile rules = file == null ? AccessControlFile.inRepository() : AccessControlFile.read(file);
        try (Admin admin = Admin.create(p)) {
            apply(admin, rules, System.out, dryRun);
        }
    }
}
