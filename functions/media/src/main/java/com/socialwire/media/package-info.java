/** Media: presigned uploads to S3, the media library, and the S3-event function that verifies and measures uploads. */
package com.socialwire.media;
