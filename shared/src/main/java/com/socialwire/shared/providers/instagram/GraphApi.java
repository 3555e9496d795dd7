package com.socialwire.shared.providers.instagram;

import java.util.List;

/**
 * The Instagram Graph API calls Socialwire makes on a tenant's behalf. Every call takes the
 * tenant's (decrypted) access token and answers a typed {@link GraphResult}: transient failures
 * (rate limits, 5xx, timeouts) are told apart from an expired token and from permanent errors,
 * so callers decide between retrying, stopping and escalating.
 */
public interface GraphApi {

    /** {@code POST /{comment-id}/replies} with {@code message}: the new comment's id. */
    GraphResult<String> replyToComment(String accessToken, String commentId, String message);

    /** {@code POST /{comment-id}} with {@code hide=true|false}. */
    GraphResult<Boolean> hideComment(String accessToken, String commentId, boolean hide);

    /** {@code POST /{ig-user-id}/messages} with {@code recipient={"id":...}} and {@code message={"text":...}}: the message id. */
    GraphResult<String> sendMessage(String accessToken, String igUserId, String recipientId, String text);

    /** {@code GET /{comment-id}?fields=id,text,username,timestamp,from,media,replies{id,text,username,from}}. */
    GraphResult<Comment> getComment(String accessToken, String commentId);

    /** A comment as the Graph API returns it, with the replies already posted to it. */
    record Comment(String id, String text, String username, String fromId, String mediaId, String timestamp, List<Reply> replies) {
    }

    /** One reply under a comment. */
    record Reply(String id, String text, String username, String fromId) {
    }
}
