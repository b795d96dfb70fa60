package io.jenkins.plugins.githostcredentials.credentials;

import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.githostcredentials.core.host.TokenKind;

/**
 * Which Bitbucket Data Center HTTP access token this is. The three look alike ({@code BBDC-}), but only personal tokens
 * work as a Basic password; project and repository tokens work only as a Bearer header, so the admin says which.
 */
public enum BitbucketDataCenterTokenScope {
    PERSONAL(TokenKind.BITBUCKET_DC_PERSONAL_TOKEN),
    PROJECT(TokenKind.BITBUCKET_DC_PROJECT_TOKEN),
    REPOSITORY(TokenKind.BITBUCKET_DC_REPOSITORY_TOKEN);

    private final TokenKind tokenKind;

    BitbucketDataCenterTokenScope(TokenKind tokenKind) {
        this.tokenKind = tokenKind;
    }

    @NonNull
    public TokenKind tokenKind() {
        return tokenKind;
    }

    /** The label in the form's drop-down. */
    @NonNull
    public String getDisplayName() {
        return switch (this) {
            case PERSONAL -> Messages.BitbucketDataCenterTokenScope_personal();
            case PROJECT -> Messages.BitbucketDataCenterTokenScope_project();
            case REPOSITORY -> Messages.BitbucketDataCenterTokenScope_repository();
        };
    }
}
