package com.socialwire.media.model;

import java.util.List;

/** What an AI image needs of its tenant: the account that pays, the brand's name and its colours (hex; empty if it has none). */
public record Brand(String tenantId, String accountId, String name, List<String> colors) {
}
