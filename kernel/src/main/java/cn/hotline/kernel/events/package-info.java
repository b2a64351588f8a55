/** Versioned event envelope shared by producers and consumers on Pulsar. */
@NullMarked
package cn.hotline.kernel.events;

import org.jspecify.annotations.NullMarked;
