/** Object storage for recordings and prompts through the MinIO client against any S3-compatible store. */
@NullMarked
package cn.hotline.media.storage;

import org.jspecify.annotations.NullMarked;
