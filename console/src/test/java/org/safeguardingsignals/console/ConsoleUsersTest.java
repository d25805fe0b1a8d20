package org.safeguardingsignals.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may use the console: a token's hash names one user, with their authorities and role; nothing else gets in. */
class ConsoleUsersTest {
    static final String LAMBETH = "E09000022";
    static final String KENT = "E10000016";

    static Properties users(String... pairs) {
        Properties p = new Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            p.setProperty(pairs[i], pairs[i + 1]);
        }
        return p;
    }

    @Test
    void theHashIsSha256OfTheTokenInLowerCaseHex() {
        assertThat(ConsoleUsers.sha256("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(ConsoleUsers.sha256(""))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void aTokenNamesItsUserWithTheirAuthoritiesAndRole() {
        ConsoleUsers users = ConsoleUsers.from(users(
                "user.amara.token-sha256",
                ConsoleUsers.sha256("amara-token"),
                "user.amara.authorities",
                LAMBETH + " , " + KENT + ",",
                "user.rhea.token-sha256",
                "  " + ConsoleUsers.sha256("rhea-token").toUpperCase() + " ",
                "user.rhea.authorities",
                LAMBETH,
                "user.rhea.role",
                " READ_ONLY ",
                "unrelated.key",
                "ignored"));

        Worker amara = users.authenticate("amara-token").orElseThrow();
        assertThat(amara.id()).isEqualTo("amara");
        assertThat(amara.authorities()).containsExactlyInAnyOrder(LAMBETH, KENT);
        assertThat(amara.role()).as("the default role").isEqualTo(Worker.Role.WORKER);
        assertThat(amara.canDecide()).isTrue();

        Worker rhea = users.authenticate(" rhea-token ").orElseThrow();
        assertThat(rhea.id())
                .as("a hash in capitals, with spaces, still matches")
                .isEqualTo("rhea");
        assertThat(rhea.role()).isEqualTo(Worker.Role.READ_ONLY);
        assertThat(rhea.canDecide()).isFalse();
        assertThat(rhea.worksFor(LAMBETH)).isTrue();
        assertThat(rhea.worksFor(KENT)).isFalse();
    }

    @Test
    void noTokenAnotherTokenOrAHashPresentedAsTheTokenGetsNobody() {
        String hash = ConsoleUsers.sha256("amara-token");
        ConsoleUsers users =
                ConsoleUsers.from(users("user.amara.token-sha256", hash, "user.amara.authorities", LAMBETH));
        assertThat(users.authenticate(null)).isEmpty();
        assertThat(users.authenticate("")).isEmpty();
        assertThat(users.authenticate("   ")).isEmpty();
        assertThat(users.authenticate("amara-token2")).isEmpty();
        assertThat(users.authenticate(hash))
                .as("the file's hash is not a token")
                .isEmpty();
        assertThat(ConsoleUsers.from(new Properties()).authenticate("amara-token"))
                .isEmpty();
    }

    @Test
    void aBlankTokenNeverGetsInEvenWhereTheHashOfNothingWasConfigured() {
        ConsoleUsers users = ConsoleUsers.from(
                users("user.nobody.token-sha256", ConsoleUsers.sha256(""), "user.nobody.authorities", LAMBETH));
        assertThat(users.authenticate("")).isEmpty();
        assertThat(users.authenticate("   ")).isEmpty();
    }

    @Test
    void aUserMustWorkForAtLeastOneEnglishAuthorityWithChildrensServices() {
        String hash = ConsoleUsers.sha256("t");
        assertThatThrownBy(() -> ConsoleUsers.from(users("user.kofi.token-sha256", hash)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("user.kofi.authorities: at least one GSS code is needed");
        assertThatThrownBy(
                        () -> ConsoleUsers.from(users("user.kofi.token-sha256", hash, "user.kofi.authorities", " , ")))
                .hasMessage("user.kofi.authorities: at least one GSS code is needed");
        assertThatThrownBy(() -> ConsoleUsers.from(
                        users("user.kofi.token-sha256", hash, "user.kofi.authorities", LAMBETH + ",E07000008")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("user.kofi.authorities: E07 is a shire district, which has no children's services: use "
                        + "the county's E10 code");
        assertThatThrownBy(() -> ConsoleUsers.from(users(
                        "user.kofi.token-sha256", hash,
                        "user.kofi.authorities", LAMBETH,
                        "user.kofi.role", "ADMIN")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void usersAreReadFromTheirFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(
                dir.resolve("users.properties"),
                "user.amara.token-sha256=" + ConsoleUsers.sha256("amara-token") + "\nuser.amara.authorities=" + LAMBETH
                        + "\n");
        assertThat(ConsoleUsers.load(file).authenticate("amara-token"))
                .get()
                .extracting(Worker::id)
                .isEqualTo("amara");
        Path missing = dir.resolve("missing.properties");
        assertThatThrownBy(() -> ConsoleUsers.load(missing))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("Cannot read the console users file " + missing);
    }

    @Test
    void aWorkersAuthoritiesCannotBeChangedAfterwards() {
        Set<String> given = new HashSet<>(Set.of(LAMBETH));
        Worker w = new Worker("amara", given, Worker.Role.WORKER);
        given.add(KENT);
        assertThat(w.worksFor(KENT)).isFalse();
        assertThatThrownBy(() -> w.authorities().add(KENT)).isInstanceOf(UnsupportedOperationException.class);
    }
}
