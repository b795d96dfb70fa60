package io.jenkins.plugins.githostcredentials.core.http;

import io.jenkins.plugins.githostcredentials.core.SecretText;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import okhttp3.Challenge;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.Route;

/**
 * How {@link HostHttpClient} reaches hosts: through the JVM's own proxy selection, directly, or through one HTTP
 * proxy with optional exclusions and credentials, as Jenkins' "HTTP Proxy" configuration describes it.
 *
 * <p>The proxy password is held as {@link SecretText}: {@link #toString()} and every message show {@code ****}.
 */
public final class ProxySettings {

    /** How Jenkins splits its "No Proxy Host" field (newlines in the form; commas, blanks and '|' also seen). */
    private static final Pattern NO_PROXY_SEPARATORS = Pattern.compile("[\\s,|]+");

    /** OkHttp's stand-in challenge when it offers to authenticate a CONNECT before the proxy has asked. */
    private static final String OKHTTP_PREEMPTIVE_CHALLENGE = "OkHttp-Preemptive";

    static final String CREDENTIALS_REJECTED =
            "the proxy rejected the Jenkins proxy credentials; check Manage Jenkins > System > HTTP Proxy";

    private enum Mode { JVM_DEFAULT, DIRECT, THROUGH_PROXY }

    private static final ProxySettings JVM_DEFAULT =
            new ProxySettings(Mode.JVM_DEFAULT, null, 0, List.of(), null, null);
    private static final ProxySettings DIRECT = new ProxySettings(Mode.DIRECT, null, 0, List.of(), null, null);

    private final Mode mode;
    private final String host;
    private final int port;
    private final List<String> noProxyHosts;
    private final String userName;
    private final SecretText password;
    private final List<Pattern> noProxyPatterns;

    private ProxySettings(Mode mode, String host, int port, List<String> noProxyHosts, String userName,
            SecretText password) {
        this.mode = mode;
        this.host = host;
        this.port = port;
        this.noProxyHosts = List.copyOf(noProxyHosts);
        this.userName = userName;
        this.password = password;
        this.noProxyPatterns = this.noProxyHosts.stream().map(ProxySettings::wildcard).toList();
    }

    /** No proxy of our own: the JVM's default {@link ProxySelector} decides (for Jenkins: no proxy configured). */
    public static ProxySettings jvmDefault() {
        return JVM_DEFAULT;
    }

    /** Always connect directly, whatever the JVM's proxy properties say. */
    public static ProxySettings direct() {
        return DIRECT;
    }

    /**
     * Jenkins' proxy configuration, passed as {@code ProxyConfiguration} holds it.
     *
     * @param name        the proxy host name ({@code ProxyConfiguration.getName()})
     * @param port        the proxy port ({@code getPort()})
     * @param userName    the proxy user ({@code getUserName()}); null or blank when the proxy needs no credentials
     * @param password    the proxy password in plain text ({@code getSecretPassword().getPlainText()}); null or blank
     *                    for none. Kept as {@link SecretText} (which drops surrounding whitespace), never shown.
     * @param noProxyHost hosts to reach directly ({@code getNoProxyHost()}): patterns separated by newlines or commas,
     *                    {@code *} matching any characters, e.g. {@code *.internal.example.com}; null for none
     * @throws IllegalArgumentException when the name is blank or the port is not 1-65535
     */
    public static ProxySettings fromJenkins(
            String name, int port, String userName, String password, String noProxyHost) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("The HTTP proxy has no server name: set it in Manage Jenkins > System > "
                    + "HTTP Proxy, or remove the proxy configuration.");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("The HTTP proxy port " + port + " is not a port (1-65535): fix it in "
                    + "Manage Jenkins > System > HTTP Proxy.");
        }
        boolean hasUser = userName != null && !userName.isBlank();
        SecretText secret = hasUser && password != null && !password.isBlank() ? SecretText.of(password) : null;
        return new ProxySettings(Mode.THROUGH_PROXY, name.strip(), port, splitNoProxyHosts(noProxyHost),
                hasUser ? userName.strip() : null, secret);
    }

    /** The no-proxy patterns in the order given. */
    public List<String> noProxyHosts() {
        return noProxyHosts;
    }

    /** Whether requests to {@code targetHost} bypass the proxy (false for the JVM default: the JVM decides). */
    boolean goesDirectTo(String targetHost) {
        if (mode != Mode.THROUGH_PROXY) {
            return mode == Mode.DIRECT;
        }
        String wanted = stripBrackets(targetHost.toLowerCase(Locale.ROOT));
        return noProxyPatterns.stream().anyMatch(pattern -> pattern.matcher(wanted).matches());
    }

    /** Applies these settings to an OkHttp client builder. */
    OkHttpClient.Builder applyTo(OkHttpClient.Builder builder) {
        return switch (mode) {
            case JVM_DEFAULT -> builder.proxySelector(new CurrentJvmSelector());
            case DIRECT -> builder.proxy(Proxy.NO_PROXY);
            case THROUGH_PROXY -> builder.proxySelector(new ExcludingSelector()).proxyAuthenticator(this::authenticate);
        };
    }

    /**
     * Answers the proxy's 407 (for plain requests and for the CONNECT of an HTTPS tunnel) with Basic credentials,
     * once. OkHttp gives up on its own after a null answer with a bare 407 or "Failed to authenticate with
     * proxy"; throwing instead carries a message that says what to fix.
     */
    private Request authenticate(Route route, Response response) throws IOException {
        if (OKHTTP_PREEMPTIVE_CHALLENGE.equalsIgnoreCase(response.header("Proxy-Authenticate"))) {
            return null; // send credentials only when the proxy asks for them
        }
        String proxy = host + ":" + port;
        if (userName == null) {
            throw new ProxyAuthenticationException("the proxy " + proxy + " demands authentication (HTTP 407) but "
                    + "Jenkins has no proxy credentials: set the user name and password in Manage Jenkins > System > "
                    + "HTTP Proxy");
        }
        if (response.request().header("Proxy-Authorization") != null) {
            throw new ProxyAuthenticationException(CREDENTIALS_REJECTED + " (proxy " + proxy + ", user " + userName
                    + ")");
        }
        boolean offersBasic = response.challenges().stream()
                .map(Challenge::scheme)
                .anyMatch("Basic"::equalsIgnoreCase);
        if (!offersBasic) {
            throw new ProxyAuthenticationException("the proxy " + proxy + " asks for " + schemes(response)
                    + " authentication; only Basic is supported: allow Basic authentication for Jenkins on the proxy, "
                    + "or exempt the git hosts from it");
        }
        String credential = Credentials.basic(userName, password == null ? "" : password.reveal(),
                StandardCharsets.UTF_8);
        return response.request().newBuilder().header("Proxy-Authorization", credential).build();
    }

    private static String schemes(Response response) {
        List<String> schemes = response.challenges().stream().map(Challenge::scheme).distinct().toList();
        return schemes.isEmpty() ? "an unnamed kind of" : String.join(" or ", schemes);
    }

    /** Asks the JVM's default selector at each request, not the one installed when OkHttp's defaults were read. */
    private static final class CurrentJvmSelector extends ProxySelector {
        @Override
        public List<Proxy> select(URI uri) {
            ProxySelector jvm = ProxySelector.getDefault();
            return jvm == null ? List.of(Proxy.NO_PROXY) : jvm.select(uri);
        }

        @Override
        public void connectFailed(URI uri, SocketAddress address, IOException failure) {
            ProxySelector jvm = ProxySelector.getDefault();
            if (jvm != null) {
                jvm.connectFailed(uri, address, failure);
            }
        }
    }

    /** Sends everything through the proxy except the hosts the no-proxy patterns match. */
    private final class ExcludingSelector extends ProxySelector {
        private final Proxy proxy = new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(host, port));

        @Override
        public List<Proxy> select(URI uri) {
            String target = uri.getHost();
            return List.of(target != null && goesDirectTo(target) ? Proxy.NO_PROXY : proxy);
        }

        @Override
        public void connectFailed(URI uri, SocketAddress address, IOException failure) {
            // one proxy, nothing to fall back to: the failure reaches the caller as the request's error
        }
    }

    private static List<String> splitNoProxyHosts(String noProxyHost) {
        List<String> patterns = new ArrayList<>();
        if (noProxyHost != null) {
            for (String pattern : NO_PROXY_SEPARATORS.split(noProxyHost.strip())) {
                if (!pattern.isEmpty()) {
                    patterns.add(pattern.toLowerCase(Locale.ROOT));
                }
            }
        }
        return patterns;
    }

    /** "*" matches any characters, everything else itself, the whole host name (as Jenkins matches it). */
    private static Pattern wildcard(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (String literal : stripBrackets(pattern).split("\\*", -1)) {
            if (regex.length() > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(literal));
        }
        return Pattern.compile(regex.toString());
    }

    /** IPv6 literals come bracketed in URLs and often unbracketed in the no-proxy list. */
    private static String stripBrackets(String hostName) {
        boolean bracketed = hostName.startsWith("[") && hostName.endsWith("]");
        return bracketed ? hostName.substring(1, hostName.length() - 1) : hostName;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProxySettings other
                && mode == other.mode
                && port == other.port
                && Objects.equals(host, other.host)
                && noProxyHosts.equals(other.noProxyHosts)
                && Objects.equals(userName, other.userName)
                && Objects.equals(password, other.password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, host, port, noProxyHosts, userName);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        if (mode == Mode.JVM_DEFAULT) {
            return "ProxySettings[JVM default]";
        }
        if (mode == Mode.DIRECT) {
            return "ProxySettings[direct]";
        }
        return "ProxySettings[" + host + ":" + port
                + Optional.ofNullable(userName).map(user -> ", user " + user + ", password "
                        + (password == null ? "(none)" : password)).orElse("")
                + (noProxyHosts.isEmpty() ? "" : ", direct to " + String.join(", ", noProxyHosts)) + "]";
    }

    /**
     * The proxy refused or could not be given credentials. A {@link java.net.ProtocolException} so OkHttp does not
     * retry the connection (it would be refused again).
     */
    static final class ProxyAuthenticationException extends java.net.ProtocolException {
        ProxyAuthenticationException(String message) {
            super(message);
        }
    }
}
