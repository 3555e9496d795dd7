package com.socialwire.posts.studio.prompt;

import java.util.List;

/**
 * The content types a strategy's preferences, SEO rules and templates are kept for, and which one each content job and AI
 * tool writes: the one mapping from job or tool names to content types.
 */
public final class ContentTypes {

    /** The content types, in the order the API lists them. */
    public static final List<String> ALL = List.of("caption", "social", "blog", "email", "landing", "local", "calendar", "repurpose");

    private ContentTypes() {
    }

    public static boolean known(String contentType) {
        return contentType != null && ALL.contains(contentType);
    }

    /**
     * The content type a content job or AI tool writes: {@code generate_X} → X ({@code generate_blog} → blog, ...),
     * {@code repurpose} and the {@code ai/repurpose} tool → repurpose, {@code regenerate_post} and the {@code ai/generate},
     * {@code ai/hashtags} and reply-suggestion tools → social (posts for a platform), a content type itself → itself;
     * anything else → null (no preference, template or type-bound SEO rule applies).
     */
    public static String forJob(String jobOrTool) {
        if (jobOrTool == null) {
            return null;
        }
        String name = jobOrTool.startsWith("generate_") ? jobOrTool.substring("generate_".length()) : jobOrTool;
        if (ALL.contains(name)) {
            return name;
        }
        return switch (name) {
            case "regenerate_post", "ai_generate", "ai_hashtags", "hashtags", "reply_suggestions" -> "social";
            case "ai_repurpose" -> "repurpose";
            default -> null;
        };
    }
}
