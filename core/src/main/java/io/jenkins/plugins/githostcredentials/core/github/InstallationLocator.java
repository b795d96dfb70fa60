package io.jenkins.plugins.githostcredentials.core.github;

import java.util.regex.Pattern;

/** How to find the installation of an app: by its ID, by the account it is installed on, or by one repository. */
public sealed interface InstallationLocator {

    /** GitHub logins: letters, digits and single hyphens, at most 39 characters (GHES allows a few more). */
    Pattern OWNER = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9_-]{0,98})");
    Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    /** The installation with this ID (shown in the URL of the installation's settings page). */
    record ById(long installationId) implements InstallationLocator {
        public ById {
            if (installationId <= 0) {
                throw new IllegalArgumentException("An installation ID is a positive number (the last part of the URL "
                        + "of the installation's settings page), got " + installationId + ".");
            }
        }

        @Override
        public String describe() {
            return "installation " + installationId;
        }
    }

    /** The installation on an organization or user account. */
    record ByOwner(String owner) implements InstallationLocator {
        public ByOwner {
            owner = checkOwner(owner);
        }

        @Override
        public String describe() {
            return "the installation on '" + owner + "'";
        }
    }

    /** The installation that covers this repository. */
    record ByRepository(String owner, String repository) implements InstallationLocator {
        public ByRepository {
            owner = checkOwner(owner);
            String name = repository == null ? "" : repository.strip();
            if (name.endsWith(".git")) {
                name = name.substring(0, name.length() - 4);
            }
            if (!REPOSITORY.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + name + "' is not a repository name (letters, digits, '.', '-' "
                        + "and '_' only).");
            }
            repository = name;
        }

        @Override
        public String describe() {
            return "the installation covering " + owner + "/" + repository;
        }
    }

    /** A short phrase for messages: "installation 42", "the installation on 'octo-org'". */
    String describe();

    static InstallationLocator byId(long installationId) {
        return new ById(installationId);
    }

    static InstallationLocator byOwner(String owner) {
        return new ByOwner(owner);
    }

    static InstallationLocator byRepository(String owner, String repository) {
        return new ByRepository(owner, repository);
    }

    /**
     * Reads what an administrator typed: an installation ID ({@code 12345678}), an account ({@code octo-org}) or a
     * repository ({@code octo-org/hello-world}).
     *
     * @throws IllegalArgumentException saying which of the three forms to use
     */
    static InstallationLocator parse(String text) {
        String value = text == null ? "" : text.strip();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("Enter an installation ID, an organization or user name, or a repository as owner/name.");
        }
        if (value.chars().allMatch(Character::isDigit)) {
            try {
                return new ById(Long.parseLong(value));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + value + "' is too long for an installation ID.");
            }
        }
        String[] parts = value.split("/", -1);
        if (parts.length == 1) {
            return new ByOwner(value);
        }
        if (parts.length == 2) {
            return new ByRepository(parts[0], parts[1]);
        }
        throw new IllegalArgumentException("'" + value + "' is not an installation ID, an account name or owner/repository.");
    }

    private static String checkOwner(String owner) {
        String value = owner == null ? "" : owner.strip();
        if (!OWNER.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a GitHub organization or user name (letters, "
                    + "digits and hyphens).");
        }
        return value;
    }
}
