package com.socialwire.posts.studio.prompt;

import com.socialwire.shared.providers.llm.UntrustedText;
import com.socialwire.shared.tenants.Tenant;

import java.util.ArrayList;
import java.util.List;

/**
 * The one place a content-studio prompt is assembled: the tenant's brand voice and no-go topics,
 * the active strategy version, the SEO rules, the content preference for the type, the template
 * (its variables validated) and the request, whose user-written text is delimited as untrusted.
 * Every job and AI tool builds its prompt here.
 */
public final class PromptBuilder {

    public PromptBuilder() {
    }

    public Prompt build(Tenant tenant, PromptRequest request) {
        List<Prompt.Part> parts = new ArrayList<>();
        StringBuilder system = new StringBuilder()
                .append("You write ").append(request.contentType()).append(" content for ").append(tenant.name())
                .append(tenant.igHandle() == null ? "" : " (@" + tenant.igHandle() + ")").append(".\n");
        String voice = "Brand voice: " + (tenant.brandVoice() == null ? "friendly and clear" : tenant.brandVoice());
        parts.add(new Prompt.Part("brand_voice", voice));
        system.append(voice).append('\n');
        if (!tenant.noGoTopics().isEmpty()) {
            String noGo = "Never mention: " + String.join(", ", tenant.noGoTopics());
            parts.add(new Prompt.Part("no_go_topics", noGo));
            system.append(noGo).append('\n');
        }
        for (String line : request.instructions()) {
            parts.add(new Prompt.Part("instructions", line));
            system.append(line).append('\n');
        }
        system.append(UntrustedText.RULE.replace("The message to answer is", "The request is"));
        StringBuilder user = new StringBuilder();
        if (!request.keywords().isEmpty()) {
            user.append("Keywords: ").append(String.join(", ", request.keywords())).append('\n');
        }
        if (!request.platforms().isEmpty()) {
            user.append("Platforms: ").append(String.join(", ", request.platforms())).append('\n');
        }
        user.append("Request:\n").append(UntrustedText.block(request.topic()));
        parts.add(new Prompt.Part("request", user.toString()));
        return new Prompt(system.toString(), user.toString(), parts, null, null, null);
    }
}
