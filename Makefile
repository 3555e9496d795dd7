# Used by `sam build` (BuildMethod: makefile): each function's Lambda zip is built by Maven and
# unpacked into the artifact directory SAM hands us. Needs a JDK >= 21 (found by scripts/lib/java.sh).
# `$(call lambda,<module>,<zip>)` names the zip each function ships (a module may build several, see its pom);
# LambdaZipTest reads these lines and checks each zip against its function's handler.
SHELL := /bin/bash

define lambda
	source scripts/lib/java.sh && mvn -q -B -DskipTests -pl $(1) -am package
	unzip -q -o $(1)/target/$(2).zip -d "$(ARTIFACTS_DIR)"
endef

build-SystemFunction:
	$(call lambda,functions/system,system)

build-TenantsFunction:
	$(call lambda,functions/tenants,tenants)

build-SocialFunction:
	$(call lambda,functions/social,social)

build-TokenCareFunction:
	$(call lambda,functions/social,social)

build-CompetitorsFunction:
	$(call lambda,functions/reports,reports-http)

build-AccountsFunction:
	$(call lambda,functions/accounts,accounts)

build-MetaWebhookFunction:
	$(call lambda,functions/engagement,engagement-http)

build-CommentWorkerFunction:
	$(call lambda,functions/engagement,engagement)

build-DmWorkerFunction:
	$(call lambda,functions/engagement,engagement)

build-InboxFunction:
	$(call lambda,functions/engagement,engagement-http)

build-InboxPollFunction:
	$(call lambda,functions/engagement,engagement-http)

build-BillingFunction:
	$(call lambda,functions/billing,billing)

build-StripeWebhookFunction:
	$(call lambda,functions/billing,billing)

build-ReservationSweepFunction:
	$(call lambda,functions/billing,billing)

build-PostsFunction:
	$(call lambda,functions/posts,posts-http)

build-ContentJobsFunction:
	$(call lambda,functions/posts,posts-http)

build-PublishRunFunction:
	$(call lambda,functions/posts,posts-http)

build-AiToolsFunction:
	$(call lambda,functions/posts,posts-http)

build-AnalyticsFunction:
	$(call lambda,functions/reports,reports-http)

build-StudioFunction:
	$(call lambda,functions/posts,posts-http)

build-ContentWorkerFunction:
	$(call lambda,functions/posts,posts)

build-FeedsFunction:
	$(call lambda,functions/posts,posts-http)

build-FeedRunFunction:
	$(call lambda,functions/posts,posts-http)

build-InsightsFunction:
	$(call lambda,functions/posts,posts-http)

build-InsightsRunFunction:
	$(call lambda,functions/posts,posts-http)

build-ReviewFunction:
	$(call lambda,functions/posts,posts-http)

build-MediaFunction:
	$(call lambda,functions/media,media-http)

build-MediaProcessorFunction:
	$(call lambda,functions/media,media)

build-ReportsFunction:
	$(call lambda,functions/reports,reports-http)

build-ReportRunFunction:
	$(call lambda,functions/reports,reports-http)

build-ReportWorkerFunction:
	$(call lambda,functions/reports,reports)

build-ReadsFunction:
	$(call lambda,functions/reads,reads-http)
