/** Client of the Janus WebRTC gateway's HTTP API, the media server used locally and in tests. */
@NullMarked
package cn.hotline.media.janus;

import org.jspecify.annotations.NullMarked;
