/**
 * Test support for other modules: {@link cn.hotline.devstack.test.RealServers} gives a test the servers that the test
 * script started once for the whole build, or starts them in-process when a test runs alone in an IDE.
 */
@NullMarked
package cn.hotline.devstack.test;

import org.jspecify.annotations.NullMarked;
