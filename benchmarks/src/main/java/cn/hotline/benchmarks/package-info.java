/** JMH benchmarks of the platform, run by scripts next to this module's pom (never by the build's tests). */
@NullMarked
package cn.hotline.benchmarks;

import org.jspecify.annotations.NullMarked;
