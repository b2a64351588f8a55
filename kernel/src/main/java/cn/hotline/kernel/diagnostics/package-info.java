/** Live checks that exercise a service's real dependencies (database, Redis, Pulsar, storage, media) on demand. */
@NullMarked
package cn.hotline.kernel.diagnostics;

import org.jspecify.annotations.NullMarked;
