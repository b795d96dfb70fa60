package io.jenkins.plugins.githostcredentials.core.host;

import io.jenkins.plugins.githostcredentials.core.SecretText;
import java.util.Objects;

/** How git authenticates to a host over HTTPS with a given token. */
public sealed interface GitLogin {

    SecretText token();

    /** HTTP Basic: the host's username convention and the token as password (what most hosts accept). */
    record Basic(String username, SecretText token) implements GitLogin {
        public Basic {
            Objects.requireNonNull(token, "token");
            if (username == null || username.isBlank()) {
                throw new IllegalArgumentException("A git username is required for HTTP Basic authentication.");
            }
        }

        @Override
        public String toString() {
            return "Basic[username=" + username + ", token=****]";
        }
    }

    /** {@code Authorization: Bearer} sent by git through {@code http.extraHeader}, for tokens that work no other way. */
    record BearerHeader(SecretText token) implements GitLogin {
        public BearerHeader {
            Objects.requireNonNull(token, "token");
        }

        @Override
        public String toString() {
            return "BearerHeader[token=****]";
        }
    }
}
