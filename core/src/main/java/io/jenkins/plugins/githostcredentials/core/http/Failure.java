package io.jenkins.plugins.githostcredentials.core.http;

/** Why a call to a git host did not succeed; each value calls for a different fix by the user. */
public enum Failure {
    /** HTTP 401: the token is wrong, expired or revoked. */
    UNAUTHORIZED,
    /** HTTP 403 that is not a rate limit: the token lacks a scope or permission. */
    FORBIDDEN,
    /** HTTP 404: missing, or invisible to this token. */
    NOT_FOUND,
    /** HTTP 422: the host understood the request but refused its content. */
    UNPROCESSABLE,
    /** HTTP 429, or a 403 carrying rate-limit signals. */
    RATE_LIMITED,
    /** Any other 4xx (and unexpected 3xx). */
    CLIENT_ERROR,
    /** HTTP 5xx. */
    SERVER_ERROR,
    /** No connection: unknown host, refused connection, TLS failure, the proxy refused to carry the request. */
    UNREACHABLE,
    /** Connected but no answer in time, or the request's deadline passed. */
    TIMEOUT,
    /** An answer came but is not what an API sends (not JSON, too large). */
    BAD_RESPONSE
}
