/**
 * TURN for agents' browsers: short-lived per-user credentials in the TURN REST API style, which coturn checks against
 * its shared secret ({@code --use-auth-secret}).
 */
@NullMarked
package cn.hotline.media.turn;

import org.jspecify.annotations.NullMarked;
