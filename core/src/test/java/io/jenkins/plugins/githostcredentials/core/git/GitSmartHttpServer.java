package io.jenkins.plugins.githostcredentials.core.git;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A git smart-HTTP server for tests: checks the {@code Authorization} header itself and hands every
 * authenticated request to the real {@code git http-backend} as a CGI program.
 */
final class GitSmartHttpServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Path projectRoot;
    private final Path backend;
    private final Path backendHome;
    private final Predicate<Optional<String>> authorizationAccepted;
    private final List<Optional<String>> receivedAuthorizations = new CopyOnWriteArrayList<>();

    /**
     * @param projectRoot directory holding the bare repositories served
     * @param backendHome an empty directory to use as HOME for the backend (keeps the user's config out)
     * @param authorizationAccepted decides on the {@code Authorization} header (empty when none was sent);
     *     refused requests get 401 with a Basic challenge, as real hosts answer
     */
    GitSmartHttpServer(Path projectRoot, Path backendHome, Predicate<Optional<String>> authorizationAccepted)
            throws IOException {
        this.projectRoot = projectRoot;
        this.backendHome = backendHome;
        this.backend = RealGit.execPath().resolve("git-http-backend");
        this.authorizationAccepted = authorizationAccepted;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** {@code http://127.0.0.1:PORT}, the git origin of this server. */
    String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    String url(String repositoryPath) {
        return origin() + "/" + repositoryPath;
    }

    /** Every {@code Authorization} header this server received, empty entries for requests without one. */
    List<Optional<String>> receivedAuthorizations() {
        return List.copyOf(receivedAuthorizations);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Optional<String> authorization =
                    Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization"));
            receivedAuthorizations.add(authorization);
            if (!authorizationAccepted.test(authorization)) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"test git server\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            runBackend(exchange);
        }
    }

    private void runBackend(HttpExchange exchange) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(backend.toString());
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", backendHome.toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_PROJECT_ROOT", projectRoot.toString());
        env.put("GIT_HTTP_EXPORT_ALL", "1");
        env.put("GATEWAY_INTERFACE", "CGI/1.1");
        env.put("REQUEST_METHOD", exchange.getRequestMethod());
        env.put("PATH_INFO", exchange.getRequestURI().getRawPath());
        env.put("QUERY_STRING", Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse(""));
        env.put("REMOTE_ADDR", exchange.getRemoteAddress().getAddress().getHostAddress());
        env.put("REMOTE_USER", "test-user");
        putIfPresent(env, "CONTENT_TYPE", exchange.getRequestHeaders().getFirst("Content-Type"));
        putIfPresent(env, "CONTENT_LENGTH", exchange.getRequestHeaders().getFirst("Content-Length"));
        putIfPresent(env, "GIT_PROTOCOL", exchange.getRequestHeaders().getFirst("Git-Protocol"));
        // CGI passes request headers as HTTP_*; http-backend needs HTTP_CONTENT_ENCODING for gzip bodies.
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Authorization")) {
                env.put("HTTP_" + name.toUpperCase(Locale.ROOT).replace('-', '_'), String.join(", ", values));
            }
        });
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();

        CompletableFuture<Void> requestBody = CompletableFuture.runAsync(() -> {
            try (InputStream in = exchange.getRequestBody(); OutputStream out = process.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, executor);

        try (InputStream out = process.getInputStream()) {
            CgiHead head = CgiHead.read(out);
            head.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.sendResponseHeaders(head.status(), 0);
            try (OutputStream body = exchange.getResponseBody()) {
                out.transferTo(body);
            }
            requestBody.join();
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            process.destroy();
        }
    }

    private static void putIfPresent(Map<String, String> env, String name, String value) {
        if (value != null) {
            env.put(name, value);
        }
    }

    /** The header block a CGI program writes before its body: {@code Status:} and ordinary headers. */
    private record CgiHead(int status, Map<String, String> headers) {

        static CgiHead read(InputStream in) throws IOException {
            int status = 200;
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            String line;
            while (!(line = readLine(in)).isEmpty()) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    throw new IOException("git http-backend wrote a header line without a colon: " + line);
                }
                String name = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Status")) {
                    status = Integer.parseInt(value.split(" ", 2)[0]);
                } else {
                    headers.put(name, value);
                }
            }
            return new CgiHead(status, headers);
        }

        private static String readLine(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                line.write(b);
            }
            if (b == -1 && line.size() == 0) {
                throw new IOException("git http-backend ended before finishing its headers");
            }
            return line.toString(StandardCharsets.ISO_8859_1).stripTrailing();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
