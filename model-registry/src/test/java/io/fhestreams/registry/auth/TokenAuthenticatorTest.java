package io.fhestreams.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenAuthenticatorTest {
  final TokenAuthenticator auth =
      new TokenAuthenticator(
          List.of(
              new TokenEntry("app", TokenAuthenticator.hashToken("s3cret"), List.of(Role.READER)),
              new TokenEntry(
                  "ops",
                  TokenAuthenticator.hashToken("other"),
                  List.of(Role.ADMIN, Role.PUBLISHER))));

  @Test
  void shouldResolveATokenToItsPrincipalAndRoles() {
    assertThat(auth.authenticate("s3cret")).contains(new Principal("app", Set.of(Role.READER)));
    assertThat(auth.authenticate("other").orElseThrow().roles())
        .containsExactlyInAnyOrder(Role.ADMIN, Role.PUBLISHER);
  }

  @Test
  void shouldRefuseUnknownTokens() {
    assertThat(auth.authenticate("s3cret ")).isEmpty();
    assertThat(auth.authenticate("")).isEmpty();
    assertThat(auth.authenticate(TokenAuthenticator.hashToken("s3cret")))
        .as("the hash is not the token")
        .isEmpty();
  }

  @Test
  void shouldHashWithSha256() {
    assertThat(TokenAuthenticator.hashToken("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void constructor_refusesDuplicateNamesOrHashes() {
    String h = TokenAuthenticator.hashToken("x");
    assertThatThrownBy(
            () ->
                new TokenAuthenticator(
                    List.of(
                        new TokenEntry("a", h, List.of(Role.READER)),
                        new TokenEntry("b", h, List.of(Role.ADMIN)))))
        .hasMessageContaining("same hash");
    assertThatThrownBy(
            () ->
                new TokenAuthenticator(
                    List.of(
                        new TokenEntry("a", h, List.of(Role.READER)),
                        new TokenEntry(
                            "a", TokenAuthenticator.hashToken("y"), List.of(Role.ADMIN)))))
        .hasMessageContaining("two tokens are named 'a'");
  }

  @Test
  void tokenEntry_refusesAPlainTokenInPlaceOfAHashAndNeverPrintsTheHash() {
    assertThatThrownBy(() -> new TokenEntry("a", "s3cret", List.of(Role.READER)))
        .hasMessageContaining("64 lowercase hex")
        .hasMessageNotContaining("s3cret");
    String h = TokenAuthenticator.hashToken("x");
    assertThat(new TokenEntry("a", h, List.of(Role.READER)).toString()).doesNotContain(h);
  }

  @Test
  void roleParse_listsTheAcceptedNames() {
    assertThat(Role.parse("key-owner")).isEqualTo(Role.KEY_OWNER);
    assertThatThrownBy(() -> Role.parse("owner"))
        .hasMessageContaining("[publisher, key-owner, reader, admin]");
  }
}
