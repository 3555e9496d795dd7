package com.socialwire.media;

import com.socialwire.media.model.MediaQuota;
import com.socialwire.media.processing.MediaProcessor;
import com.socialwire.media.service.AiImageService;
import com.socialwire.media.service.MediaService;
import com.socialwire.media.storage.MediaObjects;
import com.socialwire.media.storage.S3MediaObjects;
import com.socialwire.media.store.MediaStore;
import com.socialwire.shared.Config;
import com.socialwire.shared.Lazy;
import com.socialwire.shared.aws.AwsClients;
import com.socialwire.shared.aws.LeanS3;
import com.socialwire.shared.aws.S3GetUrls;
import com.socialwire.shared.billing.DynamoLedger;
import com.socialwire.shared.billing.MeteredCall;
import com.socialwire.shared.billing.Metering;
import com.socialwire.shared.billing.PriceCard;
import com.socialwire.shared.http.Gate;
import com.socialwire.shared.media.MediaLibrary;
import com.socialwire.shared.providers.image.ImageClients;
import com.socialwire.shared.store.Table;
import com.socialwire.shared.tenants.LlmBudget;

import java.time.Clock;

/**
 * The media context's wiring from config, once per container; AWS clients are built on first use.
 * The HTTP function names its bucket in {@code MEDIA_BUCKET}; the processor takes the bucket from
 * each S3 event record (its template cannot name the bucket that triggers it: CloudFormation would
 * see a circular dependency).
 */
public final class Media {

    public final Config config;
    public final AwsClients aws;
    public final Table table;
    public final Clock clock;
    private final Lazy<LeanS3> s3;

    private Media(Config config) {
        this.config = config;
        this.aws = new AwsClients(config);
        this.table = new Table(aws.dynamoDbOnFirstUse(), config.require("TABLE_NAME"));
        this.s3 = aws.s3OnFirstUse();
        this.clock = Clock.systemUTC();
    }

    public static Media fromEnvironment() {
        return new Media(Config.fromEnvironment());
    }

    public Gate gate() {
        return Gate.of(config, table, clock);
    }

    public MediaStore store() {
        return new MediaStore(table);
    }

    public MediaObjects objects(String bucket) {
        return new S3MediaObjects(s3, bucket);
    }

    public MediaService service() {
        String bucket = config.require("MEDIA_BUCKET");
        return new MediaService(store(), objects(bucket), new MediaLibrary(table, S3GetUrls.of(aws), bucket), MediaQuota.from(config), clock);
    }

    /** AI images into the library: the image provider and metering are built by the first image, not with the handler. */
    public AiImageService aiImages(MediaService media) {
        Metering metering = new Metering(new DynamoLedger(table, clock), PriceCard.fromConfig(config), clock);
        return new AiImageService(media, store(), ImageClients.fromConfig(config), new MeteredCall(metering, new LlmBudget(table, clock)));
    }

    public MediaProcessor processor() {
        return new MediaProcessor(store(), this::objects, clock);
    }
}
